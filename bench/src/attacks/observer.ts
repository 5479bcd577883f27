/**
 * The observer process (see observerProtocol.ts): an honest editor typing a short paragraph every
 * `typeIntervalMs` through the real y-websocket client, a second honest client reading, the
 * /api/health sampler and the RSS sampler of the server under attack.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { percentile } from '../stats.ts';
import type {
  FromObserver,
  HealthResult,
  HonestResult,
  ObserverConfig,
  RssResult,
  ToObserver,
} from './observerProtocol.ts';
import { readRssMiB } from './RoundsProcess.ts';

const now = (): number => performance.timeOrigin + performance.now();
const send = (m: FromObserver): void => {
  process.send?.(m);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function cookieWebSocket(
  cookie: string,
): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie }, perMessageDeflate: false });
    }
  };
}

interface Honest {
  doc: Y.Doc;
  provider: WebsocketProvider;
  disconnects: number;
}

function connect(config: ObserverConfig, cookie: string, closeCodes: number[]): Honest {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${config.wsUrl}/collab`, config.pageId, doc, {
    // y-websocket types its polyfill as the DOM WebSocket; `ws` is compatible at runtime.
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const h: Honest = { doc, provider, disconnects: 0 };
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') h.disconnects++;
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event && closeCodes.length < 100) closeCodes.push(event.code);
  });
  return h;
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let config: ObserverConfig | null = null;
let editor: Honest | null = null;
let reader: Honest | null = null;
const closeCodes: number[] = [];
/** Per edit: when it was typed, whether inside the window, when the reader saw it. */
const sentAt: number[] = [];
const inWindow: boolean[] = [];
const seenAt = new Map<number, number>();
let markerSeen = false;
let marker = '';
let windowStart = 0;
let windowEnd = 0;
let typing: NodeJS.Timeout | null = null;
const health: { at: number; ms: number; outcome: 'ok' | 'timeout' | 'error' }[] = [];
let healthInFlight = 0;
let healthTimer: NodeJS.Timeout | null = null;
const rss: [number, number][] = [];
let rssTimer: NodeJS.Timeout | null = null;
let rssBefore = Number.NaN;
let killed = false;

async function start(c: ObserverConfig): Promise<void> {
  config = c;
  rssTimer = setInterval(sampleRss, c.rssIntervalMs);
  healthTimer = setInterval(sampleHealth, c.healthIntervalMs);
  const started = now();
  editor = connect(c, c.editorCookie, closeCodes);
  reader = connect(c, c.readerCookie, closeCodes);
  reader.doc.getXmlFragment('default').observe((event) => {
    const receivedAt = now();
    for (const op of event.changes.delta) {
      if (!Array.isArray(op.insert)) continue;
      for (const node of op.insert as unknown[]) onParagraph(node, receivedAt);
    }
  });
  await waitFor(
    () => editor?.provider.synced === true && reader?.provider.synced === true,
    c.syncTimeoutMs,
    'the honest clients to sync',
  );
  const syncMs = now() - started;
  marker = `Honest marker ${randomBytes(4).toString('hex')}: community-acquired pneumonia is treated with amoxicillin.`;
  append(editor.doc, marker);
  await waitFor(() => markerSeen, 15_000, 'the reader to see the marker paragraph');
  typing = setInterval(typeOne, c.typeIntervalMs);
  send({ type: 'ready', marker, syncMs });
}

function append(doc: Y.Doc, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  const frag = doc.getXmlFragment('default');
  frag.insert(frag.length, [p]);
}

function typeOne(): void {
  if (!editor) return;
  const seq = sentAt.length;
  const t = now();
  sentAt.push(t);
  inWindow.push(windowStart > 0 && windowEnd === 0);
  append(editor.doc, `honest ${seq} ${t.toFixed(1)} The patient improved on day ${seq}.`);
}

function onParagraph(node: unknown, receivedAt: number): void {
  if (!(node instanceof Y.XmlElement)) return;
  const text: unknown = node.firstChild;
  if (!(text instanceof Y.XmlText)) return;
  const s = String(text.toString());
  if (s === marker) markerSeen = true;
  const m = /^honest (\d+) /.exec(s);
  if (!m) return;
  const seq = Number(m[1]);
  if (!seenAt.has(seq)) seenAt.set(seq, receivedAt);
}

function sampleRss(): void {
  if (!config) return;
  const mib = readRssMiB(config.serverPid);
  if (!Number.isFinite(mib)) return;
  rss.push([now(), mib]);
  if (mib > config.rssLimitMiB && !killed) {
    killed = true;
    try {
      process.kill(config.serverPid, 'SIGKILL');
    } catch {
      // already gone
    }
    send({ type: 'rss-limit', rssMiB: mib });
  }
}

function sampleHealth(): void {
  if (!config || healthInFlight >= 50) return;
  const c = config;
  const at = now();
  healthInFlight++;
  fetch(`${c.url}/api/health`, { signal: AbortSignal.timeout(c.healthTimeoutMs) })
    .then(async (res) => {
      await res.arrayBuffer();
      health.push({ at, ms: now() - at, outcome: res.ok ? 'ok' : 'error' });
    })
    .catch((err: unknown) => {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      health.push({ at, ms: now() - at, outcome: timedOut ? 'timeout' : 'error' });
    })
    .finally(() => healthInFlight--);
}

async function stop(): Promise<void> {
  const c = config;
  if (!c) return;
  if (typing) clearInterval(typing);
  if (windowEnd === 0) windowEnd = now();
  // Grace: edits typed at the end of the window get their full delivery timeout.
  const lastInWindow = sentAt.filter((_, i) => inWindow[i]).at(-1) ?? 0;
  const graceUntil = lastInWindow + c.deliveryTimeoutMs + 200;
  while (now() < graceUntil) await sleep(50);
  // Health requests of the window still in flight finish (or time out) first.
  const healthUntil = now() + c.healthTimeoutMs + 200;
  while (healthInFlight > 0 && now() < healthUntil) await sleep(50);
  if (healthTimer) clearInterval(healthTimer);
  if (rssTimer) clearInterval(rssTimer);

  const latencies: number[] = [];
  let sent = 0;
  let onTime = 0;
  let late = 0;
  let lost = 0;
  sentAt.forEach((t, seq) => {
    if (!inWindow[seq]) return;
    sent++;
    const seen = seenAt.get(seq);
    if (seen === undefined) return void lost++;
    const ms = seen - t;
    latencies.push(ms);
    if (ms <= c.deliveryTimeoutMs) onTime++;
    else late++;
  });
  const lat = Float64Array.from(latencies).sort();
  const honest: HonestResult = {
    sent,
    onTime,
    late,
    lost,
    latencyP50Ms: percentile(lat, 50),
    latencyP99Ms: percentile(lat, 99),
    latencyMaxMs: lat.length > 0 ? (lat[lat.length - 1] ?? Number.NaN) : Number.NaN,
    editorDisconnects: editor?.disconnects ?? 0,
    readerDisconnects: reader?.disconnects ?? 0,
    closeCodes,
    sentTotal: sentAt.length,
  };
  const windowHealth = health.filter((h) => h.at >= windowStart && h.at <= windowEnd);
  // A timed-out probe counts with the time it waited: at least that long for anyone.
  const hl = Float64Array.from(windowHealth.map((h) => h.ms)).sort();
  const healthResult: HealthResult = {
    samples: windowHealth.length,
    ok: windowHealth.filter((h) => h.outcome === 'ok').length,
    timeouts: windowHealth.filter((h) => h.outcome === 'timeout').length,
    errors: windowHealth.filter((h) => h.outcome === 'error').length,
    p50Ms: percentile(hl, 50),
    p99Ms: percentile(hl, 99),
    maxMs: hl.length > 0 ? (hl[hl.length - 1] ?? Number.NaN) : Number.NaN,
  };
  // Until now, not just the window: a server may keep growing after the attackers have left.
  const windowRss = rss.filter(([t]) => t >= windowStart);
  const rssResult: RssResult = {
    beforeMiB: rssBefore,
    peakMiB: Math.max(rssBefore, ...windowRss.map(([, m]) => m)),
    series: windowRss.map(([t, m]) => [Math.round((t - windowStart) / 100) / 10, Math.round(m)]),
  };
  editor?.provider.destroy();
  reader?.provider.destroy();
  editor?.doc.destroy();
  reader?.doc.destroy();
  send({ type: 'result', honest, health: healthResult, rss: rssResult });
  await sleep(200);
  process.exit(0);
}

process.on('message', (m: ToObserver) => {
  switch (m.type) {
    case 'start':
      start(m.config).catch((err: unknown) =>
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
      return;
    case 'window-start':
      windowStart = now();
      rssBefore = config ? readRssMiB(config.serverPid) : Number.NaN;
      return;
    case 'window-end':
      windowEnd = now();
      return;
    case 'server-pid':
      if (config) config = { ...config, serverPid: m.pid };
      killed = false;
      return;
    case 'stop':
      void stop();
      return;
  }
});
process.on('disconnect', () => process.exit(0));
// y-websocket adds one 'exit' listener per provider.
process.setMaxListeners(20);
