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

/**
 * A stable presence colour for a user id (FNV-1a into the palette). The server writes it into each
 * connection's awareness; the web app uses the same function for the person's own avatar.
 */
export function presenceColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length] ?? PALETTE[0];
}
