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
