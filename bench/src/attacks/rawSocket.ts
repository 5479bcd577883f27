/**
 * A WebSocket client written straight onto a TCP socket: the upgrade by hand, masked binary frames
 * out, a streaming frame parser in that only looks at headers (payloads are skipped, not copied,
 * unless asked for), so hundreds of hostile connections stay cheap for the load generator.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/**
 * One masked client frame. The mask key is all zeros: still a valid masked frame (the server
 * unmasks with XOR), and it spares the load generator a pass over every payload byte.
 */
export function encodeClientFrame(opcode: number, payload: Uint8Array): Buffer {
  const len = payload.byteLength;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + 4);
  header[0] = 0x80 | (opcode & 0xf);
  header[1] = 0x80 | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  return Buffer.concat([header, payload]);
}

export const binaryFrame = (payload: Uint8Array): Buffer => encodeClientFrame(OP_BINARY, payload);

export interface FrameInfo {
  opcode: number;
  length: number;
  /** Up to the first 4 payload bytes (the y-websocket message type and sync sub-type). */
  prefix: Buffer;
  /** The whole payload, only when the socket keeps payloads. */
  payload?: Buffer;
}

export interface RawOpenOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Keep binary payloads (for frames one wants to decode); default false. */
  keepPayloads?: boolean;
  /** Stop reading right after the upgrade response (a peer that never reads). */
  pauseAfterUpgrade?: boolean;
}

export class RawWebSocket {
  bytesIn = 0;
  bytesOut = 0;
  framesIn = 0;
  /** Close code the server sent (null: none seen). */
  closeCode: number | null = null;
  closeReason = '';
  isClosed = false;
  readonly closed: Promise<void>;
  onFrame: ((frame: FrameInfo) => void) | null = null;

  private resolveClosed!: () => void;
  private header = Buffer.alloc(0);
  private remaining = 0;
  private current: { opcode: number; length: number; prefix: Buffer[]; prefixLen: number; parts: Buffer[] } =
    { opcode: 0, length: 0, prefix: [], prefixLen: 0, parts: [] };

  private constructor(
    readonly socket: Socket,
    private readonly keepPayloads: boolean,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on('close', () => {
      this.isClosed = true;
      this.resolveClosed();
    });
    socket.on('error', () => undefined);
  }

  /** Performs the upgrade; rejects unless the server answers 101 (the message names the status). */
  static open(wsUrl: string, path: string, opts: RawOpenOptions = {}): Promise<RawWebSocket> {
    const url = new URL(wsUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let head = Buffer.alloc(0);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('upgrade timed out'));
      }, opts.timeoutMs ?? 10_000);
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        socket.off('data', onData);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1];
        if (status !== '101') {
          socket.destroy();
          reject(new Error(`upgrade refused: ${status ?? 'no status'}`));
          return;
        }
        const raw = new RawWebSocket(socket, opts.keepPayloads ?? false);
        if (opts.pauseAfterUpgrade) socket.pause();
        socket.on('data', (d: Buffer) => raw.onData(d));
        if (head.length > end + 4) raw.onData(head.subarray(end + 4));
        resolve(raw);
      };
      socket.on('data', onData);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error('connection closed during upgrade'));
      });
      const lines = [
        `GET ${path} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  /** Sends one binary message; false when the kernel buffer is full (wait for `drained`). */
  send(payload: Uint8Array): boolean {
    return this.write(binaryFrame(payload));
  }

  /** Writes pre-encoded frames. */
  write(bytes: Buffer): boolean {
    if (this.isClosed || this.socket.destroyed) return false;
    this.bytesOut += bytes.length;
    return this.socket.write(bytes);
  }

  /** Bytes queued in user space, not yet handed to the kernel. */
  get pendingWrite(): number {
    return this.socket.writableLength;
  }

  /** Resolves once the write queue is empty, the socket closes, or `maxMs` has passed. */
  drained(maxMs: number): Promise<void> {
    if (this.isClosed || this.socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      // A server that stops reading must not hold the attack past its window.
      const timer = setTimeout(done, Math.max(0, maxMs));
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Stops reading: everything the server sends piles up in its buffers. */
  pause(): void {
    this.socket.pause();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    let off = 0;
    while (off < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - off);
        this.collect(chunk.subarray(off, off + take));
        this.remaining -= take;
        off += take;
        if (this.remaining === 0) this.finishFrame();
        continue;
      }
      // Accumulate the (small) header byte by byte group.
      const need = this.headerLength();
      const take = Math.min(need - this.header.length, chunk.length - off);
      this.header = Buffer.concat([this.header, chunk.subarray(off, off + take)]);
      off += take;
      if (this.header.length < this.headerLength()) continue;
      this.startFrame();
    }
  }

  private headerLength(): number {
    if (this.header.length < 2) return 2;
    const b1 = this.header[1] ?? 0;
    const len = b1 & 0x7f;
    const masked = (b1 & 0x80) !== 0 ? 4 : 0;
    return 2 + (len === 126 ? 2 : len === 127 ? 8 : 0) + masked;
  }

  private startFrame(): void {
    const h = this.header;
    const opcode = (h[0] ?? 0) & 0xf;
    let length = (h[1] ?? 0) & 0x7f;
    if (length === 126) length = h.readUInt16BE(2);
    else if (length === 127) length = Number(h.readBigUInt64BE(2));
    this.header = Buffer.alloc(0);
    this.current = { opcode, length, prefix: [], prefixLen: 0, parts: [] };
    this.remaining = length;
    if (length === 0) this.finishFrame();
  }

  private collect(part: Buffer): void {
    const c = this.current;
    if (c.prefixLen < 4) {
      const p = part.subarray(0, 4 - c.prefixLen);
      c.prefix.push(p);
      c.prefixLen += p.length;
    }
    if (c.opcode !== OP_BINARY || this.keepPayloads) c.parts.push(part);
  }

  private finishFrame(): void {
    const c = this.current;
    this.framesIn++;
    const payload = c.parts.length > 0 ? Buffer.concat(c.parts) : undefined;
    if (c.opcode === OP_CLOSE) {
      this.closeCode = payload && payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.closeReason = payload ? payload.subarray(2).toString('utf8') : '';
      this.socket.end(encodeClientFrame(OP_CLOSE, payload?.subarray(0, 2) ?? Buffer.alloc(0)));
    } else if (c.opcode === OP_PING) {
      this.write(encodeClientFrame(OP_PONG, payload ?? Buffer.alloc(0)));
    }
    this.onFrame?.({
      opcode: c.opcode,
      length: c.length,
      prefix: Buffer.concat(c.prefix),
      ...(payload && c.opcode === OP_BINARY ? { payload } : {}),
    });
  }
}
