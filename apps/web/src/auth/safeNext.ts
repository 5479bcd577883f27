/** Any ASCII control character or a backslash: URL parsers drop or rewrite these (`/\evil`, `/\t/evil`). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\\]/;
const LOCAL_ORIGIN = 'http://rounds.invalid';

/**
 * The `?next=` target if it is a path on this site, else `/` (never an open redirect). Accepts only
 * `/path?query#hash` that resolves to this origin, both as written and once percent-decoded, and
 * never the sign-in or setup screens themselves.
 */
export function safeNext(next: string | null): string {
  if (!next || !isLocalPath(next)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/'; // malformed percent-encoding
  }
  if (!isLocalPath(decoded)) return '/';
  const url = new URL(next, LOCAL_ORIGIN);
  if (url.pathname.startsWith('/login') || url.pathname.startsWith('/setup')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

function isLocalPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || UNSAFE_CHARS.test(path)) return false;
  try {
    return new URL(path, LOCAL_ORIGIN).origin === LOCAL_ORIGIN;
  } catch {
    return false;
  }
}
