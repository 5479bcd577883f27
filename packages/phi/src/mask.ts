const DOT = '•';

const isAlnum = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

/**
 * Masks an identifier, keeping its last characters so its owner can find it: "12345678" →
 * "••••5678". Short identifiers keep at most half, so "412" → "••2". Separators are kept.
 */
export function maskIdentifier(raw: string): string {
  const chars = [...raw.slice(0, 80)];
  const alnum = chars.filter(isAlnum).length;
  let keep = Math.min(4, Math.floor(alnum / 2));
  const out: string[] = [];
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] ?? '';
    if (!isAlnum(c)) out.push(c === ' ' ? ' ' : c);
    else if (keep > 0) {
      out.push(c);
      keep--;
    } else out.push(DOT);
  }
  return out.reverse().join('');
}

/** Names keep each word's initial: "John Smith" → "J••• S••••". */
export function maskName(raw: string): string {
  return raw
    .slice(0, 80)
    .split(/(\s+)/)
    .map((part) => {
      const chars = [...part];
      if (chars.length === 0 || !isAlnum(chars[0] ?? '')) return part;
      return (
        (chars[0] ?? '') +
        chars
          .slice(1)
          .map((c) => (isAlnum(c) ? DOT : c))
          .join('')
      );
    })
    .join('');
}

/** "MRN" + "12345678" → "MRN ••••5678"; no label → just the mask. */
export const withLabel = (label: string, masked: string): string =>
  label ? `${label.slice(0, 40)} ${masked}` : masked;
