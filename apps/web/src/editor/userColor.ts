/** Caret colours: distinct, readable with white label text, none too close to the error red. */
const PALETTE = [
  '#1f6feb',
  '#8250df',
  '#bf3989',
  '#0a7f6f',
  '#b35900',
  '#2f6f3e',
  '#6639ba',
  '#0969da',
  '#9a6700',
  '#c2410c',
  '#0e7490',
  '#7c3aed',
] as const;

/** A stable colour for a user id (FNV-1a hash into the palette), so a person keeps one colour everywhere. */
export function userColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length] ?? PALETTE[0];
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
