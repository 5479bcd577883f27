/** What an attack is, what it gets to work with, and what a run of it records. */
import type { HealthResult, HonestResult, RssResult } from './observerProtocol.ts';
import type { RoundsProcess } from './RoundsProcess.ts';

export interface Account {
  email: string;
  password: string;
  cookie: string;
}

export interface AttackContext {
  server: RoundsProcess;
  /** The checkout whose server runs. */
  root: string;
  dataDir: string;
  pageId: string;
  /** The hostile student. */
  attacker: Account;
  /** The honest student typing during the attack (the observer uses its session). */
  editor: Account;
  /** The honest faculty member reading (and checking the page afterwards). */
  faculty: Account;
  /** Length of the attack window, ms. */
  windowMs: number;
  /** Aborted when the server exits or the attack's time is up: stop attacking. */
  signal: AbortSignal;
  log: (msg: string) => void;
  /**
   * Replaces the server under attack by a new process on the same DATA_DIR and port (clients
   * reconnect by themselves), for attacks that wedge the server between two measurements.
   */
  restartServer: () => Promise<RoundsProcess>;
}

/** Free-form figures of one attack, shown in the details and the JSON. */
export type Details = Record<string, unknown>;

export interface Attack {
  name: string;
  /** One line: what is sent, as reported. */
  description: string;
  /** Extra server environment for this attack. */
  env?: Record<string, string>;
  /** Runs before the window (e.g. building a big document); its figures go into the details. */
  prepare?: (ctx: AttackContext) => Promise<Details>;
  /** The attack itself; should return at about `ctx.windowMs`, and must stop on `ctx.signal`. */
  run: (ctx: AttackContext, prepared: Details) => Promise<Details>;
  /** After the window, while the server still runs (e.g. measuring the database live). */
  afterWindow?: (ctx: AttackContext, details: Details) => Promise<Details>;
  /** The attack's key figure for the summary table. */
  summary: (details: Details) => string;
}

export interface PageCheck {
  /** "200 in 12 ms" or what went wrong. */
  page: string;
  content: string;
  /** Both answered 200 and the draft text holds the honest marker paragraph. */
  ok: boolean;
  /** A read timed out (the server was busy): later reads were not tried. */
  timedOut?: boolean;
  /** Honest paragraphs found in the draft text. */
  honestParagraphs?: number;
  /** For the restart check: the real y-websocket client syncs and sees the marker. */
  collab?: string;
}

export interface DiskStats {
  dbBytes: number;
  walBytes: number;
  updateRows: number | null;
  error?: string;
}

export interface AttackResult {
  name: string;
  description: string;
  startedAt: string;
  /** Wall time of the whole run of this attack, s. */
  totalSeconds: number;
  windowSeconds: number;
  /** The harness itself failed (setup, bench bug): the figures are incomplete. */
  harnessError?: string;
  /** The server process exited during the attack (not stopped by the bench). */
  serverDied?: string;
  /** The observer killed the server at the RSS limit. */
  rssLimitKill?: number;
  rss?: RssResult & { afterMiB: number };
  health?: HealthResult;
  honest?: HonestResult;
  details: Details;
  summary: string;
  afterAttack?: PageCheck;
  /** Shutdown after the idle unload: forced = SIGKILL needed. */
  shutdown?: { forced: boolean; exit: string };
  disk?: { atWindowEnd?: DiskStats; afterStop?: DiskStats };
  afterRestart?: PageCheck & { startMs?: number };
  server: { lines: number; warnLines: number; topMessages: [string, number][] };
}
