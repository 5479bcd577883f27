/** After-the-fact checks: does the page still read, over HTTP and over the collab socket; disk use. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, request } from './http.ts';
import type { DiskStats, PageCheck } from './types.ts';

/** A page read that takes longer than this is reported as timed out (a legit 11 MB page: ~2 s). */
const READ_TIMEOUT_MS = 15_000;

/** GET the page and its draft text as `cookie`; ok when both are 200 and the marker is there. */
export async function checkPage(
  url: string,
  pageId: string,
  cookie: string,
  marker: string,
): Promise<PageCheck> {
  const page = await request(url, 'GET', `/api/pages/${pageId}`, { cookie, timeoutMs: READ_TIMEOUT_MS });
  // Behind a read that is still running, the next one would only measure the same block.
  if (page.timedOut)
    return { page: describe(page), content: 'not tried (server busy)', ok: false, timedOut: true };
  const content = await request(url, 'GET', `/api/pages/${pageId}/content?version=draft&format=text`, {
    cookie,
    timeoutMs: READ_TIMEOUT_MS,
  });
  const hasMarker = content.status === 200 && content.text.includes(marker);
  return {
    page: describe(page),
    content: `${describe(content)}${content.status === 200 ? `, ${content.text.length} chars${hasMarker ? '' : ', honest text MISSING'}` : ''}`,
    ok: page.status === 200 && hasMarker,
    timedOut: content.timedOut,
    honestParagraphs: content.status === 200 ? (content.text.match(/^honest \d+ /gm)?.length ?? 0) : 0,
  };
}

function cookieWebSocket(
  cookie: string,
): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie }, perMessageDeflate: false });
    }
  };
}

/** Opens the real y-websocket client; reports whether it synced and holds the marker paragraph. */
export async function checkCollab(
  wsUrl: string,
  pageId: string,
  cookie: string,
  marker: string,
  timeoutMs = 10_000,
): Promise<string> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/collab`, pageId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const closes: number[] = [];
  provider.on('connection-close', (e: CloseEvent | null) => {
    if (e) closes.push(e.code);
  });
  const started = Date.now();
  try {
    while (!provider.synced && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 50));
    if (!provider.synced)
      return `no sync within ${timeoutMs / 1000} s${closes.length ? ` (closed ${closes.slice(0, 3).join(', ')})` : ''}`;
    // Only the top-level paragraphs: a 20,000-deep tree would overflow toString().
    const has = doc
      .getXmlFragment('default')
      .toArray()
      .some(
        (el) =>
          el instanceof Y.XmlElement &&
          el.firstChild instanceof Y.XmlText &&
          el.firstChild.toString() === marker,
      );
    return `synced in ${Date.now() - started} ms${has ? '' : ', honest text MISSING'}`;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

export function diskStats(dataDir: string): DiskStats {
  const file = join(dataDir, 'rounds.db');
  const size = (f: string): number => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const stats: DiskStats = { dbBytes: size(file), walBytes: size(`${file}-wal`), updateRows: null };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    try {
      stats.updateRows = (db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch (err: unknown) {
    stats.error = err instanceof Error ? err.message : String(err);
  }
  return stats;
}
