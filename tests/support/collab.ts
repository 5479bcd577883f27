import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A `ws` WebSocket that sends the session cookie, for y-websocket's WebSocketPolyfill option. */
export function cookieWebSocket(
  cookie: string | undefined,
  origin?: string,
): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) } });
    }
  };
}

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(): string;
  destroy(): void;
}

/** The real y-websocket client, as the contract says: `new WebsocketProvider(origin + '/collab', pageId, ydoc)`. */
export function connectCollab(
  wsUrl: string,
  pageId: string,
  cookie: string | undefined,
  opts: { connect?: boolean } = {},
): CollabClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/collab`, pageId, doc, {
    // y-websocket types its polyfill as the DOM WebSocket; `ws` is compatible at runtime.
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    disableBc: true,
  });
  return {
    doc,
    provider,
    text: () => fragmentText(doc),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Plain text of the Tiptap fragment: paragraphs joined by newlines. */
export function fragmentText(doc: Y.Doc): string {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((el): string =>
      el instanceof Y.XmlElement
        ? el
            .toArray()
            .map((t): string => (t instanceof Y.XmlText ? (t.toString() as string) : ''))
            .join('')
        : '',
    )
    .join('\n');
}

/** Appends a paragraph the way the editor would (an XmlElement 'paragraph' holding XmlText). */
export function appendParagraph(doc: Y.Doc, text: string, id?: string): void {
  const p = new Y.XmlElement('paragraph');
  if (id) p.setAttribute('id', id);
  p.insert(0, [new Y.XmlText(text)]);
  const frag = doc.getXmlFragment('default');
  frag.insert(frag.length, [p]);
}

export function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export function waitSynced(client: CollabClient, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.provider.synced, timeoutMs, 'sync');
}

/** Resolves with the close code the next time the provider's socket closes. */
export function nextClose(client: CollabClient): Promise<number> {
  return new Promise((resolve) => {
    client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? -1));
  });
}

/** Polls an async check until it stops throwing (for state that arrives over another channel). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err: unknown) {
      if (Date.now() - started > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Options for {@link connectCollabWith}. */
export interface CollabClientOptions {
  connect?: boolean;
  /** Sent as the Origin header of the upgrade. */
  origin?: string;
  /** Reuse an existing document (e.g. to resync a client's edits with a restarted server). */
  doc?: Y.Doc;
}

/** Like {@link connectCollab}, with an Origin header and/or an existing document. */
export function connectCollabWith(
  wsUrl: string,
  pageId: string,
  cookie: string | undefined,
  opts: CollabClientOptions = {},
): CollabClient {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/collab`, pageId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie, opts.origin) as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    disableBc: true,
  });
  return {
    doc,
    provider,
    text: () => fragmentText(doc),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The text of each paragraph of the Tiptap fragment, in order. */
export function paragraphTexts(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((el) =>
      el instanceof Y.XmlElement
        ? el
            .toArray()
            .map((t): string => (t instanceof Y.XmlText ? (t.toString() as string) : ''))
            .join('')
        : '',
    );
}

/** Resolves like `promise`, or rejects if it takes longer than `ms`; leaves no timer behind. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a randomized test: `$name` from the environment (to replay a failure) or a fresh one. */
export function testSeed(name: string): number {
  const fromEnv = process.env[name];
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/**
 * The HTTP status the server answers a WebSocket upgrade of `path` with: 101 when it accepts
 * (the socket is closed again right away), otherwise the refusal status.
 */
export function upgradeStatus(
  wsUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? -1);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}

export interface FrameOptions {
  fin?: boolean;
  /** The three RSV bits, as a number 0–7. */
  rsv?: number;
  /** Clients must mask; `false` sends a protocol violation. */
  mask?: boolean;
}

export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

/** Encodes one client-to-server WebSocket frame by hand (RFC 6455 §5.2), including invalid ones. */
export function encodeFrame(opcode: number, payload: Uint8Array, opts: FrameOptions = {}): Buffer {
  const { fin = true, rsv = 0, mask = true } = opts;
  const len = payload.byteLength;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xf);
  header[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  const body = Buffer.from(payload);
  if (mask) {
    const key = randomBytes(4);
    key.copy(header, 2 + lenBytes);
    for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (key[i & 3] ?? 0);
  }
  return Buffer.concat([header, body]);
}

/**
 * A WebSocket client written straight onto a TCP socket, so tests can send what no WebSocket
 * library would: RSV bits, unmasked frames, several frames in one write. Parses the server's frames.
 */
export class RawWebSocket {
  /** Payloads of the binary frames received from the server. */
  readonly messages: Uint8Array[] = [];
  /** Resolves with the close code the server sent (-1: the connection ended without a close frame). */
  readonly closed: Promise<number>;
  private buffered = Buffer.alloc(0);
  private resolveClosed!: (code: number) => void;
  private closeCode: number | null = null;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on('close', () => this.resolveClosed(this.closeCode ?? -1));
    socket.on('error', () => this.resolveClosed(this.closeCode ?? -1));
  }

  /** Performs the upgrade handshake; rejects unless the server answers 101. */
  static open(wsUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
    const url = new URL(wsUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1];
        if (status !== '101') {
          socket.destroy();
          reject(new Error(`upgrade refused: ${status ?? 'no status'}`));
          return;
        }
        const raw = new RawWebSocket(socket);
        socket.on('data', (d: Buffer) => raw.onData(d));
        if (head.length > end + 4) raw.onData(head.subarray(end + 4));
        resolve(raw);
      };
      socket.on('data', onData);
      socket.once('error', reject);
      const lines = [
        `GET ${path} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  /** Writes raw bytes (one or more encoded frames) in a single write. */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Sends one well-formed binary message. */
  send(payload: Uint8Array): void {
    this.write(encodeFrame(Opcode.Binary, payload));
  }

  /** Stops reading from the socket: the server's frames (a close, pings) go unanswered. */
  stopReading(): void {
    this.socket.pause();
  }

  /** Drops the TCP connection without a closing handshake. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const b = this.buffered;
      if (b.length < 2) return;
      const opcode = (b[0] ?? 0) & 0xf;
      let len = (b[1] ?? 0) & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + len) return;
      const payload = b.subarray(offset, offset + len);
      this.buffered = b.subarray(offset + len);
      if (opcode === Opcode.Binary) this.messages.push(new Uint8Array(payload));
      if (opcode === Opcode.Close) {
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.resolveClosed(this.closeCode);
        // Answer the closing handshake like a real client would.
        this.socket.end(encodeFrame(Opcode.Close, payload.subarray(0, 2)));
      }
    }
  }
}

/** y-websocket messages, encoded like the client does (y-protocols sync and awareness). */
export const messages = {
  syncStep1: (stateVector: Uint8Array): Uint8Array => frameOf([0, 0], stateVector),
  syncStep2: (update: Uint8Array): Uint8Array => frameOf([0, 1], update),
  update: (update: Uint8Array): Uint8Array => frameOf([0, 2], update),
  awareness: (update: Uint8Array): Uint8Array => frameOf([1], update),
  queryAwareness: (): Uint8Array => Uint8Array.of(3),
};

function frameOf(types: number[], payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  types.forEach((t) => encoding.writeVarUint(e, t));
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** An awareness update (y-protocols format) carrying `state` for `clientId` at `clock`. */
export function awarenessEntry(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}
