import type { RawResponse } from './httpRequest.ts';

/** Things an error body must never hold: stack frames, source paths, SQL and driver errors. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at \S+|\bat (?:\S+ )?\(?(?:file:\/\/)?\/[^\s)]+:\d+:\d+/],
  ['a source file position', /\.(?:ts|js|mjs|cjs):\d+(?::\d+)?\b/],
  ['node_modules', /node_modules/],
  ['the server directory', new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['an SQLite error', /SQLITE_[A-Z_]+|SqliteError|no such (?:table|column)|constraint failed/i],
  ['SQL', /\b(?:SELECT\s+[\w*,\s]+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i],
  ['an error class name', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|URIError):/],
];

/** Statuses above 499 a route may answer by design (the online reference lookup is off or down). */
export interface Allowance {
  lookup: boolean;
}

/** What is wrong with a response, or null. Applies to every route, role and body. */
export function judgeResponse(res: RawResponse, allow: Allowance): string | null {
  if (res.status === 500) return `500 ${excerpt(res.text)}`;
  if (res.status > 500) {
    let code: unknown;
    try {
      code = (JSON.parse(res.text) as { error?: unknown }).error;
    } catch {
      code = undefined;
    }
    const lookupDown = allow.lookup && (code === 'lookup_unavailable' || code === 'lookup_failed');
    if (!lookupDown) return `${res.status} ${excerpt(res.text)}`;
  }
  if (res.status >= 400 && res.status < 500) {
    if (!res.contentType.includes('application/json')) {
      return `${res.status} with content-type ${JSON.stringify(res.contentType)}, not JSON: ${excerpt(res.text)}`;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return `${res.status} whose body does not parse as JSON: ${excerpt(res.text)}`;
    }
    const b = body as { error?: unknown; message?: unknown } | null;
    if (typeof b?.error !== 'string' || typeof b.message !== 'string') {
      return `${res.status} body is not {error, message}: ${excerpt(res.text)}`;
    }
  }
  for (const [what, pattern] of LEAKS) {
    const m = pattern.exec(res.text);
    if (m)
      return `${res.status} body leaks ${what} (${JSON.stringify(m[0].slice(0, 80))}): ${excerpt(res.text)}`;
  }
  return null;
}

export function excerpt(text: string, n = 240): string {
  return text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text;
}
