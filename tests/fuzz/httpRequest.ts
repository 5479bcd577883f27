export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

export interface RawRequest {
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  body?: string;
  contentType?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** Thrown when the server does not answer in time. */
export class NoAnswer extends Error {
  constructor(
    readonly ms: number,
    override readonly cause: unknown,
  ) {
    super(`no answer within ${Math.round(ms)} ms`);
  }
}

/** One HTTP request with a deadline; the body is read as text whatever its type. */
export async function send(baseUrl: string, req: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const started = performance.now();
  try {
    const res = await fetch(baseUrl + req.path, {
      method: req.method,
      headers: {
        ...(req.contentType ? { 'content-type': req.contentType } : {}),
        ...(req.cookie ? { cookie: req.cookie } : {}),
        ...req.headers,
      },
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text,
      ms: performance.now() - started,
    };
  } catch (err: unknown) {
    const ms = performance.now() - started;
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      throw new NoAnswer(ms, err);
    }
    throw err;
  }
}

/** `/api/health` latency: the event loop is free when this is small. */
export async function healthMs(baseUrl: string, timeoutMs = 10_000): Promise<{ status: number; ms: number }> {
  try {
    const res = await send(baseUrl, { method: 'GET', path: '/api/health' }, timeoutMs);
    return { status: res.status, ms: res.ms };
  } catch (err: unknown) {
    if (err instanceof NoAnswer) return { status: 0, ms: err.ms };
    return { status: -1, ms: timeoutMs };
  }
}

/** The health limit after every batch. */
export const HEALTH_LIMIT_MS = 500;

/**
 * Whether the server answers `/api/health` within the limit. One slow answer on a busy 2-core
 * machine can be the machine; two in a row 200 ms apart is the server.
 */
export async function checkHealth(baseUrl: string): Promise<string | null> {
  const first = await healthMs(baseUrl);
  if (first.status === 200 && first.ms < HEALTH_LIMIT_MS) return null;
  await new Promise((r) => setTimeout(r, 200));
  const second = await healthMs(baseUrl);
  if (second.status === 200 && second.ms < HEALTH_LIMIT_MS) return null;
  return `/api/health answered ${first.status || 'nothing'} in ${Math.round(first.ms)} ms, then ${
    second.status || 'nothing'
  } in ${Math.round(second.ms)} ms (limit ${HEALTH_LIMIT_MS} ms)`;
}
