/**
 * The fan-out load, identical for every server: real y-websocket providers (one Y.Doc each) spread
 * round-robin over the pages; the first client of each page is its writer and appends a paragraph
 * every `intervalMs`; every other client of the page observes the fragment and measures delivery
 * latency from the send timestamp embedded in the paragraph text (same process, same clock).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { processCpuMs, processMemoryMiB, type ProbeStats, type ServerUnderTest } from './servers.ts';
import { percentile } from './stats.ts';

export interface LoadOptions {
  pages: number;
  clients: number;
  intervalMs: number;
  warmupSeconds: number;
  seconds: number;
  graceSeconds: number;
  /** Characters of filler per paragraph after the timestamp header. */
  paragraphChars: number;
  log: (msg: string) => void;
}

export interface TimelineSecond {
  second: number;
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  server: ServerUnderTest['kind'];
  /** For Rounds: the code measured (see roundsSourceFingerprint). */
  source?: string;
  windowSeconds: number;
  targetUpdatesPerSecond: number;
  updatesSent: number;
  deliveriesExpected: number;
  deliveriesReceived: number;
  /** Expected (update, receiver) deliveries not seen by the end of the grace period. */
  missed: number;
  /** Over every (update, receiver) pair delivered, late ones included. */
  latencyMs: { p50: number; p95: number; p99: number; p999: number; max: number; mean: number };
  serverCpuMs: number;
  serverCpuPerUpdateUs: number;
  serverCpuPercent: number;
  serverRssMiB: number;
  serverPeakRssMiB: number;
  benchCpuPercent: number;
  benchLoopDelayP99Ms: number;
  /** Latency per second of the window, by send time. */
  timeline: TimelineSecond[];
  /** Server event-loop lag and GC over the window (from the probe in preloads.ts). */
  serverLoop: ProbeStats;
  disconnects: number;
  connectSeconds: number;
  serverProblems: number;
}

/** Absolute wall-clock milliseconds with sub-millisecond resolution. */
const now = (): number => performance.timeOrigin + performance.now();

type WebSocketClass = new (url: string | URL, protocols?: string | string[]) => WebSocket;

function cookieWebSocket(cookie: string | undefined): WebSocketClass {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // No compression offered: neither server negotiates it (Rounds disables it, ws@6 defaults off).
      super(url, protocols, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
    }
  };
}

interface PageState {
  index: number;
  writer: Client | null;
  receivers: number;
  /** Per sequence number: true when sent inside the measured window. */
  measured: boolean[];
  /** Per sequence number: receivers that got it. */
  delivered: number[];
  timer: NodeJS.Timeout | null;
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  page: PageState;
  isWriter: boolean;
}

const HEADER = 'fanout';
const LOOP_RESOLUTION_MS = 5;

function waitFor(predicate: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what()}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runLoad(server: ServerUnderTest, opts: LoadOptions): Promise<LoadResult> {
  const filler =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. '
      .repeat(Math.ceil(opts.paragraphChars / 100) + 1)
      .slice(0, opts.paragraphChars);
  const pages: PageState[] = Array.from({ length: opts.pages }, (_, index) => ({
    index,
    writer: null,
    receivers: 0,
    measured: [],
    delivered: [],
    timer: null,
  }));
  const clients: Client[] = [];
  const latencies: number[] = [];
  /** Send time of each latency sample, for the per-second timeline. */
  const sentAt: number[] = [];
  let phase: 'warmup' | 'measure' | 'drain' = 'warmup';
  let disconnects = 0;

  const onParagraph = (client: Client, node: unknown, receivedAt: number): void => {
    if (!(node instanceof Y.XmlElement)) return;
    const text: unknown = node.firstChild;
    if (!(text instanceof Y.XmlText)) return;
    // "fanout <page> <seq> <sentAtMs> filler..."
    const parts = String(text.toString()).split(' ', 4);
    if (parts[0] !== HEADER) return;
    const page = pages[Number(parts[1])];
    const seq = Number(parts[2]);
    if (!page || page !== client.page || !page.measured[seq]) return;
    page.delivered[seq] = (page.delivered[seq] ?? 0) + 1;
    const sent = Number(parts[3]);
    latencies.push(receivedAt - sent);
    sentAt.push(sent);
  };

  const connectStarted = now();
  try {
    for (let j = 0; j < opts.clients; j++) {
      const page = pages[j % opts.pages] as PageState;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(server.collabBase, server.rooms[page.index] as string, doc, {
        WebSocketPolyfill: cookieWebSocket(
          server.cookies[j % server.cookies.length],
        ) as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      const client: Client = { doc, provider, page, isWriter: page.writer === null };
      if (client.isWriter) page.writer = client;
      else page.receivers++;
      provider.on('status', ({ status }) => {
        if (status === 'disconnected') disconnects++;
      });
      if (!client.isWriter) {
        // Only the children added by each transaction are looked at: O(new paragraphs), not O(document).
        doc.getXmlFragment('default').observe((event) => {
          const receivedAt = now();
          for (const op of event.changes.delta) {
            if (!Array.isArray(op.insert)) continue;
            for (const node of op.insert as unknown[]) onParagraph(client, node, receivedAt);
          }
        });
      }
      clients.push(client);
      // Do not open 200 sockets in one tick: small batches, like users arriving.
      if (j % 20 === 19) await sleep(20);
    }
    await waitFor(
      () => clients.every((c) => c.provider.synced),
      60_000,
      () => `all providers synced (${clients.filter((c) => c.provider.synced).length}/${clients.length})`,
    );
    const connectSeconds = (now() - connectStarted) / 1000;
    opts.log(
      `  ${clients.length} clients synced in ${connectSeconds.toFixed(1)} s; warming up ${opts.warmupSeconds} s`,
    );

    // Writers, phases spread evenly over one interval so the 40 pages do not tick in lockstep.
    for (const page of pages) {
      const writer = page.writer;
      if (!writer) continue;
      const fragment = writer.doc.getXmlFragment('default');
      const write = (): void => {
        if (phase === 'drain') return;
        const seq = page.measured.length;
        page.measured.push(phase === 'measure');
        page.delivered.push(0);
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(`${HEADER} ${page.index} ${seq} ${now().toFixed(3)} ${filler}`)]);
        fragment.insert(fragment.length, [p]);
      };
      const offset = (page.index * opts.intervalMs) / opts.pages;
      page.timer = setTimeout(() => {
        write();
        page.timer = setInterval(write, opts.intervalMs);
      }, offset);
    }

    await sleep(opts.warmupSeconds * 1000);
    if (disconnects > 0) opts.log(`  warning: ${disconnects} disconnects during connect/warm-up`);

    // Measured window.
    // The histogram records whole timer intervals (resolution + lag); the lag is reported below.
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const benchCpu0 = process.cpuUsage();
    await server.probe(); // resets the server's histograms
    const serverCpu0 = processCpuMs(server.pid);
    const t0 = now();
    const problems0 = server.problems().length;
    const disconnects0 = disconnects;
    loop.enable();
    phase = 'measure';
    await sleep(opts.seconds * 1000);
    phase = 'drain';
    const tEnd = now();
    for (const page of pages) if (page.timer) clearInterval(page.timer);

    let expected = 0;
    let sent = 0;
    for (const page of pages) {
      for (const m of page.measured) {
        if (!m) continue;
        sent++;
        expected += page.receivers;
      }
    }
    const received = (): number => latencies.length;
    await waitFor(
      () => received() >= expected,
      opts.graceSeconds * 1000,
      () => 'deliveries',
    ).catch(() => undefined);
    const serverCpu1 = processCpuMs(server.pid);
    const serverLoop = await server.probe();
    const t1 = now();
    const benchCpu = process.cpuUsage(benchCpu0);
    loop.disable();
    const mem = processMemoryMiB(server.pid);

    const sorted = Float64Array.from(latencies).sort();
    const timeline: TimelineSecond[] = [];
    const perSecond = new Map<number, number[]>();
    sentAt.forEach((t, i) => {
      const second = Math.floor((t - t0) / 1000);
      let xs = perSecond.get(second);
      if (!xs) perSecond.set(second, (xs = []));
      xs.push(latencies[i] ?? 0);
    });
    for (const [second, xs] of [...perSecond].sort((a, b) => a[0] - b[0])) {
      const s = Float64Array.from(xs).sort();
      timeline.push({
        second,
        count: s.length,
        p50: percentile(s, 50),
        p99: percentile(s, 99),
        max: s[s.length - 1] ?? Number.NaN,
      });
    }
    const serverCpuMs = serverCpu1 - serverCpu0;
    const windowSeconds = (tEnd - t0) / 1000;
    return {
      server: server.kind,
      windowSeconds,
      targetUpdatesPerSecond: (opts.pages * 1000) / opts.intervalMs,
      updatesSent: sent,
      deliveriesExpected: expected,
      deliveriesReceived: received(),
      missed: Math.max(0, expected - received()),
      latencyMs: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        p999: percentile(sorted, 99.9),
        max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
        mean: sorted.length > 0 ? sorted.reduce((a, b) => a + b, 0) / sorted.length : Number.NaN,
      },
      serverCpuMs,
      serverCpuPerUpdateUs: sent > 0 ? (serverCpuMs * 1000) / sent : Number.NaN,
      serverCpuPercent: (serverCpuMs / (t1 - t0)) * 100,
      serverRssMiB: mem.rss,
      serverPeakRssMiB: mem.peak,
      benchCpuPercent: ((benchCpu.user + benchCpu.system) / 1000 / (t1 - t0)) * 100,
      benchLoopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      serverLoop,
      timeline,
      disconnects: disconnects - disconnects0,
      connectSeconds,
      serverProblems: server.problems().length - problems0,
    };
  } finally {
    phase = 'drain';
    for (const page of pages) if (page.timer) clearInterval(page.timer);
    for (const c of clients) {
      c.provider.destroy();
      c.doc.destroy();
    }
    // Let the close frames go out before the server is stopped.
    await sleep(200);
  }
}
