import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../support/server.ts';

/** How long an idle document stays loaded in fuzz servers: small, so every batch unloads it. */
export const FUZZ_IDLE_UNLOAD_MS = 300;

const running = new Set<ChildServer>();
process.once('exit', () => running.forEach((c) => c.process.kill('SIGKILL')));

export interface StopResult {
  exitCode: number | null;
  /** Whether it had to be killed because SIGTERM did not end it in time. */
  killed: boolean;
  ms: number;
}

/**
 * The real server (apps/server/src/main.ts) in its own process, on a temp DATA_DIR that outlives
 * restarts. A child process, so a crafted input that hangs or crashes the server fails the run
 * with a finding instead of taking the fuzzer down with it; its debug log shows loads and unloads.
 */
export class FuzzServer {
  private child!: ChildServer;
  private earlierOutput = '';
  private generation = 0;

  private constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<FuzzServer> {
    const server = new FuzzServer(mkdtempSync(join(tmpdir(), 'rounds-fuzz-')), {
      LOG_LEVEL: 'debug',
      COLLAB_IDLE_UNLOAD_MS: String(FUZZ_IDLE_UNLOAD_MS),
      ...env,
    });
    await server.spawn();
    return server;
  }

  get url(): string {
    return this.child.url;
  }

  get wsUrl(): string {
    return this.child.wsUrl;
  }

  /** Whether the current process is still running (false after a crash). */
  get alive(): boolean {
    return this.child.process.exitCode === null && this.child.process.signalCode === null;
  }

  get exitCode(): number | null {
    return this.child.process.exitCode;
  }

  /** Everything the server processes printed, oldest first (capped at the last 8 MB). */
  output(): string {
    return this.earlierOutput + this.child.output();
  }

  /** A position in the output, for `outputSince`. */
  mark(): { generation: number; at: number } {
    return { generation: this.generation, at: this.child.output().length };
  }

  /** Output of the current process since `mark` (all of it if the process changed since). */
  outputSince(mark: { generation: number; at: number }): string {
    const out = this.child.output();
    return mark.generation === this.generation ? out.slice(mark.at) : out;
  }

  /** Log lines since `mark` that are errors or worse (pino level ≥ 50), for failure reports. */
  errorsSince(mark: { generation: number; at: number }, max = 5): string[] {
    return this.outputSince(mark)
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l))
      .slice(0, max)
      .map((l) => (l.length > 1_500 ? `${l.slice(0, 1_500)}…` : l));
  }

  /** Stops the process (SIGTERM, or SIGKILL for `kill`) and starts a new one on the same data dir. */
  async restart(how: 'sigterm' | 'kill' = 'sigterm'): Promise<StopResult> {
    const stopped = await this.stopProcess(how);
    await this.spawn();
    return stopped;
  }

  async stop(): Promise<StopResult> {
    const stopped = await this.stopProcess('sigterm');
    rmSync(this.dataDir, { recursive: true, force: true });
    return stopped;
  }

  private async spawn(): Promise<void> {
    if (this.child) {
      this.earlierOutput = (this.earlierOutput + this.child.output()).slice(-8_000_000);
      running.delete(this.child);
    }
    this.child = await startChildServer(this.dataDir, this.env);
    this.generation++;
    running.add(this.child);
  }

  private async stopProcess(how: 'sigterm' | 'kill'): Promise<StopResult> {
    const started = performance.now();
    const child = this.child;
    if (!this.alive) return { exitCode: child.process.exitCode, killed: false, ms: 0 };
    child.process.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      child.exited,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 15_000))),
    ]);
    clearTimeout(timer);
    if (exitCode !== 'timeout') return { exitCode, killed: how === 'kill', ms: performance.now() - started };
    child.process.kill('SIGKILL');
    return { exitCode: await child.exited, killed: true, ms: performance.now() - started };
  }
}
