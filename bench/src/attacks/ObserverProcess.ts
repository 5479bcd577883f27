/** The bench's side of the observer process (observer.ts): start it, mark the window, collect. */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromObserver, ObserverConfig, ToObserver } from './observerProtocol.ts';

type Result = Extract<FromObserver, { type: 'result' }>;

const HERE = dirname(fileURLToPath(import.meta.url));
const OBSERVER = join(HERE, 'observer.ts');
/** The bench's own checkout, where `tsx` resolves from. */
const BENCH_ROOT = join(HERE, '..', '..', '..');

export class ObserverProcess {
  /** Set when the observer killed the server for exceeding the RSS limit. */
  rssLimitHit: number | null = null;
  private readonly child: ChildProcess;
  private readonly waiters = new Map<string, (m: FromObserver) => void>();
  private readonly gone: Promise<void>;

  constructor() {
    this.child = fork(OBSERVER, [], {
      cwd: BENCH_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromObserver) => {
      if (m.type === 'rss-limit') this.rssLimitHit = m.rssMiB;
      const waiter = this.waiters.get(m.type === 'error' ? 'ready' : m.type);
      waiter?.(m);
    });
    this.gone = new Promise((resolve) => this.child.once('exit', () => resolve()));
    process.once('exit', () => this.child.kill('SIGKILL'));
  }

  /** Connects the honest clients; resolves with the marker paragraph they typed and saw. */
  async start(config: ObserverConfig): Promise<{ marker: string; syncMs: number }> {
    const reply = this.next('ready', config.syncTimeoutMs + 20_000);
    this.post({ type: 'start', config });
    const m = await reply;
    if (m.type === 'error') throw new Error(`honest clients: ${m.message}`);
    if (m.type !== 'ready') throw new Error(`unexpected observer message ${m.type}`);
    return { marker: m.marker, syncMs: m.syncMs };
  }

  windowStart(): void {
    this.post({ type: 'window-start' });
  }

  serverPid(pid: number): void {
    this.post({ type: 'server-pid', pid });
  }

  windowEnd(): void {
    this.post({ type: 'window-end' });
  }

  /** Stops typing, waits for late deliveries, returns the window's figures. */
  async stop(): Promise<Result | null> {
    const reply = this.next('result', 30_000);
    this.post({ type: 'stop' });
    try {
      const m = await reply;
      return m.type === 'result' ? m : null;
    } catch {
      return null;
    } finally {
      this.kill();
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private post(m: ToObserver): void {
    if (this.child.connected) this.child.send(m);
  }

  private next(type: string, timeoutMs: number): Promise<FromObserver> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(type);
        reject(new Error(`observer gave no ${type} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      void this.gone.then(() => {
        clearTimeout(timer);
        reject(new Error('observer exited'));
      });
      this.waiters.set(type, (m) => {
        clearTimeout(timer);
        this.waiters.delete(type);
        resolve(m);
      });
    });
  }
}
