/** Shared moves of the collab attacks: a hostile socket, waiting out the window, a big document. */
import * as Y from 'yjs';
import { EMPTY_STEP1, messages } from './messages.ts';
import { RawWebSocket, type RawOpenOptions } from './rawSocket.ts';
import { sleep } from './RoundsProcess.ts';
import type { AttackContext, Details } from './types.ts';

export function openHostile(ctx: AttackContext, opts: RawOpenOptions = {}): Promise<RawWebSocket> {
  return RawWebSocket.open(ctx.server.wsUrl, `/collab/${ctx.pageId}`, {
    ...opts,
    headers: { cookie: ctx.attacker.cookie, ...opts.headers },
  });
}

/** Sleeps until `startedAt + ctx.windowMs` or until the attack is aborted. */
export async function untilWindowEnd(ctx: AttackContext, startedAt: number): Promise<void> {
  while (!ctx.signal.aborted && Date.now() < startedAt + ctx.windowMs) await sleep(50);
}

/** Resolves when the socket closes or after `ms`, whichever is first; true when it closed. */
export async function closedWithin(ws: RawWebSocket, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    ws.closed.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
  ]);
  clearTimeout(timer);
  return closed;
}

/** One paragraph holding `text`, as an update of a fresh document (no dependencies on the page). */
export function paragraphUpdate(text: string, nodeName = 'paragraph'): Uint8Array {
  const doc = new Y.Doc();
  const p = new Y.XmlElement(nodeName);
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('default').insert(0, [p]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Bytes of the sync step 2 the server answers an empty state vector with (the whole document). */
export async function servedDocumentBytes(ctx: AttackContext, timeoutMs = 30_000): Promise<number> {
  const ws = await openHostile(ctx);
  try {
    return await new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(Number.NaN), timeoutMs);
      ws.onFrame = (f) => {
        if (f.opcode === 2 && f.prefix[0] === 0 && f.prefix[1] === 1) {
          clearTimeout(timer);
          resolve(f.length);
        }
      };
      void ws.closed.then(() => resolve(Number.NaN));
      ws.send(EMPTY_STEP1);
    });
  } finally {
    ws.destroy();
  }
}

/**
 * Grows the page to about `targetBytes` with several big paragraphs (one update each), as large
 * as the message cap allows: a refused message (1009) halves the chunk, a refused document (the
 * size cap) ends the build.
 */
export async function buildBigDocument(ctx: AttackContext, targetBytes = 11 * 1024 * 1024): Promise<Details> {
  let chunk = 1_850_000;
  let sent = 0;
  let updates = 0;
  const closes: string[] = [];
  const started = Date.now();
  let ws = await openHostile(ctx);
  while (sent < targetBytes && chunk >= 16_384 && Date.now() - started < 60_000 && !ctx.signal.aborted) {
    const size = Math.min(chunk, targetBytes - sent);
    ws.send(messages.update(paragraphUpdate('B'.repeat(size))));
    await ws.drained(10_000);
    // The server applies and stores it (or refuses and closes) within a moment.
    const closed = await closedWithin(ws, 600);
    if (!closed) {
      sent += size;
      updates++;
      continue;
    }
    closes.push(`${ws.closeCode ?? 'no close frame'} ${ws.closeReason}`.trim());
    if (ws.closeCode === 1009) chunk = Math.floor(chunk / 2);
    else break;
    ws = await openHostile(ctx);
  }
  ws.destroy();
  const served = await servedDocumentBytes(ctx);
  ctx.log(`big document: ${(served / 2 ** 20).toFixed(1)} MiB served after ${updates} updates`);
  return {
    bigDocument: {
      updates,
      chunkBytes: chunk,
      sentBytes: sent,
      servedBytes: served,
      buildSeconds: (Date.now() - started) / 1000,
      ...(closes.length > 0 ? { refusals: closes } : {}),
    },
  };
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
