/**
 * Messages between the bench and its observer process (observer.ts), which runs the honest
 * editor and reader, samples /api/health and the server's RSS in its own event loop, so a busy
 * attack generator cannot distort what the honest side measures.
 */

export interface ObserverConfig {
  url: string;
  wsUrl: string;
  pageId: string;
  editorCookie: string;
  readerCookie: string;
  serverPid: number;
  /** The editor types one paragraph this often. */
  typeIntervalMs: number;
  /** An edit the reader sees later than this counts as missed. */
  deliveryTimeoutMs: number;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  rssIntervalMs: number;
  /** The observer kills the server (by pid) above this RSS, to protect the machine. */
  rssLimitMiB: number;
  /** How long the first sync of the honest clients may take. */
  syncTimeoutMs: number;
}

export type ToObserver =
  | { type: 'start'; config: ObserverConfig }
  | { type: 'window-start' }
  | { type: 'window-end' }
  /** The bench replaced the server process (same port): sample this pid from now on. */
  | { type: 'server-pid'; pid: number }
  | { type: 'stop' };

export interface HonestResult {
  /** Edits typed inside the attack window. */
  sent: number;
  /** Seen by the reader within the delivery timeout. */
  onTime: number;
  /** Seen, but later than the timeout. */
  late: number;
  /** Never seen (by the end of the grace period). */
  lost: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  editorDisconnects: number;
  readerDisconnects: number;
  /** Close codes the server sent the honest clients. */
  closeCodes: number[];
  /** Edits typed over the observer's whole life (for the paragraph count in the draft). */
  sentTotal: number;
}

export interface HealthResult {
  samples: number;
  ok: number;
  timeouts: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RssResult {
  beforeMiB: number;
  /** Highest sample from the window start until the page checks after it are done. */
  peakMiB: number;
  /** [seconds since window start, MiB], one per sample. */
  series: [number, number][];
}

export type FromObserver =
  | { type: 'ready'; marker: string; syncMs: number }
  | { type: 'error'; message: string }
  | { type: 'rss-limit'; rssMiB: number }
  | { type: 'result'; honest: HonestResult; health: HealthResult; rss: RssResult };
