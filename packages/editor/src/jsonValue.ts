/**
 * Whether a value is plain JSON (what ProseMirror attributes are), at most 8 levels deep. A client
 * can write any Yjs value into an attribute (a BigInt, bytes, a class instance); those are not.
 * `undefined` counts, as Yjs encodes it and JSON simply leaves it out.
 */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean')
    return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth >= 8 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as Record<string, unknown>).every((v) => isJsonValue(v, depth + 1));
}
