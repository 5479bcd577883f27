/** Small HTTP helpers with hard timeouts: a hung server yields a "timed out" result, never a hang. */
import { performance } from 'node:perf_hooks';

export interface HttpResult {
  status: number;
  /** -1 when the request timed out or failed before a status arrived. */
  ms: number;
  timedOut: boolean;
  error?: string;
  text: string;
  setCookie: string[];
}

export interface RequestOptions {
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function request(
  base: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<HttpResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      ms: performance.now() - started,
      timedOut: false,
      text,
      setCookie: res.headers.getSetCookie(),
    };
  } catch (err: unknown) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return {
      status: -1,
      ms: performance.now() - started,
      timedOut,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      text: '',
      setCookie: [],
    };
  }
}

export function sessionCookie(res: HttpResult): string | undefined {
  return res.setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('rounds_session='));
}

export async function login(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await request(base, 'POST', '/api/auth/login', { body: { email, password }, headers });
  const cookie = sessionCookie(res);
  if (res.status !== 200 || !cookie)
    throw new Error(`login of ${email} → ${res.status} ${res.error ?? res.text.slice(0, 200)}`);
  return cookie;
}

/** Describes a result for the report: "200 in 12 ms", "timed out after 30 s", "500 …". */
export function describe(res: HttpResult): string {
  if (res.timedOut) return `timed out after ${(res.ms / 1000).toFixed(0)} s`;
  if (res.status < 0) return `failed (${res.error ?? 'error'}) after ${res.ms.toFixed(0)} ms`;
  return `${res.status} in ${res.ms < 1000 ? `${res.ms.toFixed(0)} ms` : `${(res.ms / 1000).toFixed(1)} s`}`;
}

/** Milliseconds until /api/health answers 200, or null if it does not within `withinMs`. */
export async function waitForHealth(
  url: string,
  withinMs: number,
  signal?: AbortSignal,
): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < withinMs && !signal?.aborted) {
    const left = withinMs - (Date.now() - started);
    const res = await request(url, 'GET', '/api/health', { timeoutMs: Math.max(1, Math.min(2_000, left)) });
    if (res.status === 200) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}
