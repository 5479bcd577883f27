/** A failed API call: the HTTP status and the server's `{error, message}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The rest of the error body, e.g. `findings` of a `phi_detected` refusal. */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** Expect a text body (e.g. `format=html`) instead of JSON. */
  as?: 'json' | 'text';
  signal?: AbortSignal;
}

/**
 * Fetch a same-origin API path with the session cookie; throws `ApiError` on any non-2xx answer.
 * A 401 keeps the offline draft cache: it is named for its owner, so nobody else opens it, and
 * it holds the edits that person has not sent yet (only "Sign out" clears it).
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, as = 'json', signal } = options;
  const headers: Record<string, string> = {
    Accept: as === 'json' ? 'application/json' : 'text/html, text/plain',
  };
  // The server refuses state-changing requests that are not JSON (415), so always send the type.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      signal,
    });
  } catch (err: unknown) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  // A read refused for want of a session means it ended (expired, signed out elsewhere). Writes
  // are left out: a 401 there may only be a wrong password (`/api/me/password`, sign-in).
  if (response.status === 401 && method === 'GET' && path !== '/api/me') sessionLost?.();
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'guidelines_not_acknowledged') guidelinesRequired?.(true);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  if (as === 'text') return (await response.text()) as T;
  return (await response.json()) as T;
}

let sessionLost: (() => void) | null = null;
let guidelinesRequired: ((force: boolean) => void) | null = null;

/** Called when a write is refused until the guidelines are acknowledged (the prompt registers). */
export function onGuidelinesRequired(handler: ((force: boolean) => void) | null): void {
  guidelinesRequired = handler;
}

/** Something was refused that enforced guidelines may explain (an editing socket closed 4403): ask. */
export function checkGuidelines(): void {
  guidelinesRequired?.(false);
}

/** Called when a read answers 401; the session context registers itself (one handler). */
export function onSessionLost(handler: (() => void) | null): void {
  sessionLost = handler;
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = fallbackCode(response.status);
  let message = response.statusText || 'Request failed';
  let details: Record<string, unknown> = {};
  try {
    const body: unknown = await response.json();
    if (isErrorBody(body)) {
      const { error, message: text, ...rest } = body;
      code = error;
      if (typeof text === 'string' && text) message = text;
      details = rest;
    }
  } catch {
    // Not JSON (e.g. a proxy error page): keep the status-derived code.
  }
  return new ApiError(response.status, code, message, details);
}

function isErrorBody(
  value: unknown,
): value is { error: string; message?: unknown } & Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string'
  );
}

function fallbackCode(status: number): string {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'server_error' : 'request_failed';
  }
}

/** True when `err` is an `ApiError` with the given status. */
export function isApiStatus(err: unknown, status: number): err is ApiError {
  return err instanceof ApiError && err.status === status;
}

/** The message to show for a failed call: the server's own words when it gave any. */
export function errorMessage(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}
