import { FORMAT, type Scan } from './scan.ts';
import { ALNUM, isCapitalized, isPunct, NUM, type Token, WORD } from './tokenize.ts';

const SUFFIXES = new Set([
  'street',
  'st',
  'avenue',
  'ave',
  'av',
  'road',
  'rd',
  'boulevard',
  'blvd',
  'drive',
  'dr',
  'lane',
  'ln',
  'court',
  'ct',
  'crescent',
  'cres',
  'crt',
  'way',
  'place',
  'pl',
  'terrace',
  'terr',
  'circle',
  'cir',
  'highway',
  'hwy',
  'parkway',
  'pkwy',
  'square',
  'sq',
  'trail',
  'trl',
  'grove',
  'gardens',
  'row',
  'close',
  'mews',
  'heights',
  'gate',
  'sideroad',
  'ridge',
  'view',
  'commons',
  'plaza',
  'glen',
  'crossing',
  'cove',
  'point',
  'hill',
  'park',
  'line',
  'bend',
  'landing',
  'meadows',
  'alley',
  'promenade',
  'esplanade',
  'concession',
  'pathway',
  'walk',
  'quay',
]);
/** French: the type comes first ("1234 rue Sainte-Catherine"). */
const PREFIX_TYPES = new Set([
  'rue',
  'chemin',
  'boulevard',
  'avenue',
  'route',
  'rang',
  'place',
  'montée',
  'boul',
]);
const NUMBERED_ROADS = new Set([
  'highway',
  'hwy',
  'route',
  'road',
  'rd',
  'concession',
  'sideroad',
  'line',
  'rr',
]);
const DIRECTIONS = new Set([
  'n',
  's',
  'e',
  'w',
  'ne',
  'nw',
  'se',
  'sw',
  'north',
  'south',
  'east',
  'west',
  'o',
  'ouest',
  'est',
  'nord',
  'sud',
]);

const civic = (t: Token | undefined): boolean =>
  !!t && ((t.type === NUM && t.text.length <= 6) || (t.type === ALNUM && /^\d{1,6}[A-Za-z]$/.test(t.text)));
const streetWord = (t: Token | undefined): boolean =>
  isCapitalized(t) ||
  (!!t && t.type === ALNUM && /^\d{1,3}(st|nd|rd|th)$/i.test(t.text)) ||
  (!!t && t.type === WORD && DIRECTIONS.has(t.lower) && t.text[0] !== t.lower[0]);

/** "221B Baker Street", "12 Maple Cres.", "1234 rue Sainte-Catherine" (PO boxes are not streets). */
export function findStreetAddresses(scan: Scan): void {
  const { tokens } = scan;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (!civic(t)) continue;
    let k = i + 1;
    // "302-1188 Howe Street": a unit number joined to the civic number.
    if (isPunct(tokens[k], '-') && !tokens[k]?.space && civic(tokens[k + 1]) && !tokens[k + 1]?.space) k += 2;
    if (isPunct(tokens[k], ',')) k++;
    // French order: number, type, name.
    if (tokens[k] && PREFIX_TYPES.has(tokens[k]?.lower ?? '')) {
      const nameStart = isPunct(tokens[k + 1], '.') ? k + 2 : k + 1;
      let last = -1;
      for (
        let w = 0;
        w < 3 &&
        (isCapitalized(tokens[nameStart + w]) ||
          ['de', 'du', 'des', 'la', 'le'].includes(tokens[nameStart + w]?.lower ?? ''));
        w++
      ) {
        last = nameStart + w;
        while (isPunct(tokens[last + 1], '-') && isCapitalized(tokens[last + 2])) last += 2;
        w = last - nameStart;
      }
      if (last >= 0 && (isCapitalized(tokens[last]) || tokens[last]?.type === NUM)) {
        scan.add('street_address', i, last, '', FORMAT);
        i = last;
      }
      continue;
    }
    // English order: number, up to four name words, a street type.
    let words = 0;
    while (words < 4 && streetWord(tokens[k])) {
      const w = tokens[k];
      if (words > 0 && w && SUFFIXES.has(w.lower)) break;
      k++;
      words++;
      // "412 W. 3rd St.": an abbreviated direction keeps its period.
      if (w && w.text.length <= 2 && DIRECTIONS.has(w.lower) && isPunct(tokens[k], '.') && !tokens[k]?.space)
        k++;
    }
    // "2140 Highway 7", "45 County Road 12"
    const numbered = tokens[k - 1];
    if (words > 0 && numbered && NUMBERED_ROADS.has(numbered.lower) && tokens[k]?.type === NUM) {
      scan.add('street_address', i, k, '', FORMAT);
      i = k;
      continue;
    }
    const suffix = tokens[k];
    if (
      words === 0 ||
      !suffix ||
      suffix.type !== WORD ||
      !SUFFIXES.has(suffix.lower) ||
      suffix.text[0] === suffix.lower[0]
    )
      continue;
    let last = k;
    if (isPunct(tokens[last + 1], '.') && !tokens[last + 1]?.space) last++;
    const dir = tokens[last + 1];
    if (
      dir &&
      dir.type === WORD &&
      DIRECTIONS.has(dir.lower) &&
      dir.text[0] !== dir.lower[0] &&
      dir.text.length <= 5
    )
      last++;
    scan.add('street_address', i, last, '', FORMAT);
    i = last;
  }
}
