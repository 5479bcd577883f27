import type { Rng } from './rng.ts';

/**
 * JSON request bodies of random shapes and sizes, written as text directly: that is the only way to
 * send a key named `__proto__` as such, or nesting deeper than JSON.stringify can recurse.
 * Each comes with a short label that stands in for it in reports (a body may be 1 MB).
 */
export interface Body {
  text: string;
  label: string;
  /** How it was made, counted per kind in the report. */
  kind: string;
}

/** A valid example body for a route: field → example value. */
export type Template = Record<string, unknown>;

export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

const UNICODE_JUNK = [
  '\u0000',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u0301\u0301\u0301',
  '💉🩺',
  '\u2028\u2029',
  'Z̴̧͝a̶͓l̷g̸o',
  '\t\r\n',
  '%s%n%x',
  '${7*7}',
  '{{7*7}}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'ﷺ',
  '\u0085',
];

/** Sizes of huge strings and arrays, up to about 1 MB (the JSON limit is 256 KiB). */
const HUGE = [1_000, 10_000, 100_000, 255_000, 300_000, 1_000_000];

const str = (s: string): string => JSON.stringify(s);

export function unicodeJunk(rng: Rng, n = rng.range(1, 40)): string {
  return Array.from({ length: n }, () => rng.pick(UNICODE_JUNK)).join('');
}

/** A JSON text of one hostile value, with its label. */
export function hostileValue(rng: Rng, depth = 0): { text: string; label: string } {
  const pick = rng.int(depth > 2 ? 9 : 12);
  switch (pick) {
    case 0:
      return { text: 'null', label: 'null' };
    case 1: {
      const v = rng.pick(['true', 'false']);
      return { text: v, label: v };
    }
    case 2: {
      const v = rng.pick([
        '0',
        '-1',
        '-0',
        '1e308',
        '-1e308',
        '9007199254740993',
        '0.1',
        '1e-400',
        '123456789012345678901234567890',
      ]);
      return { text: v, label: v };
    }
    case 3: {
      const s = unicodeJunk(rng);
      return { text: str(s), label: `junk(${s.length})` };
    }
    case 4:
      return { text: '""', label: '""' };
    case 5: {
      const n = rng.pick(HUGE);
      const ch = rng.pick(['x', ' ', '\n', '1', '{', '"', '\\', 'é']);
      return { text: str(ch.repeat(n)), label: `${JSON.stringify(ch)}×${n}` };
    }
    case 6: {
      const d = rng.pick([100, 1_000, 10_000, 100_000]);
      return { text: '['.repeat(d) + ']'.repeat(d), label: `[…] nested ${d}` };
    }
    case 7: {
      const d = rng.pick([100, 1_000, 10_000, 50_000]);
      return { text: '{"a":'.repeat(d) + '1' + '}'.repeat(d), label: `{a:…} nested ${d}` };
    }
    case 8: {
      const n = rng.pick([1_000, 100_000]);
      const item = rng.pick(['0', '""', 'null', '{}', '"x"']);
      return { text: `[${Array.from({ length: n }, () => item).join(',')}]`, label: `[${item}×${n}]` };
    }
    case 9: {
      const items = Array.from({ length: rng.range(0, 4) }, () => hostileValue(rng, depth + 1));
      return {
        text: `[${items.map((i) => i.text).join(',')}]`,
        label: `[${items.map((i) => i.label).join(', ')}]`,
      };
    }
    case 10:
      return hostileObject(rng, depth + 1);
    default: {
      const key = rng.pick(PROTOTYPE_KEYS);
      const inner = hostileObject(rng, depth + 1);
      return { text: `{${str(key)}:${inner.text}}`, label: `{${key}: ${inner.label}}` };
    }
  }
}

function hostileObject(rng: Rng, depth: number): { text: string; label: string } {
  const n = rng.range(0, 4);
  const parts: { text: string; label: string }[] = [];
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.3) ? rng.pick(PROTOTYPE_KEYS) : rng.chance(0.5) ? unicodeJunk(rng, 2) : `k${i}`;
    const v = hostileValue(rng, depth);
    parts.push({ text: `${str(key)}:${v.text}`, label: `${JSON.stringify(key)}: ${v.label}` });
  }
  return {
    text: `{${parts.map((p) => p.text).join(',')}}`,
    label: `{${parts.map((p) => p.label).join(', ')}}`,
  };
}

const render = (fields: [string, { text: string; label: string }][]): { text: string; label: string } => ({
  text: `{${fields.map(([k, v]) => `${str(k)}:${v.text}`).join(',')}}`,
  label: `{${fields.map(([k, v]) => `${k}: ${v.label}`).join(', ')}}`,
});

const plain = (v: unknown): { text: string; label: string } => {
  const text = JSON.stringify(v) ?? 'null';
  return { text, label: text.length > 80 ? `${text.slice(0, 80)}…` : text };
};

/** Raw bodies that are not quite JSON, or JSON at the edges of what parsers accept. */
const RAW: (() => { text: string; label: string })[] = [
  () => ({ text: '{"title": ', label: 'truncated' }),
  () => ({ text: '\ufeff{"title":"x"}', label: 'byte order mark' }),
  () => ({ text: '{"title":"x","title":{"a":1}}', label: 'duplicate key' }),
  () => ({ text: '{"n": NaN, "i": Infinity}', label: 'NaN/Infinity' }),
  () => ({ text: '{"n": 1e99999}', label: '1e99999' }),
  () => ({ text: '"just a string"', label: 'string body' }),
  () => ({ text: '[]', label: 'array body' }),
  () => ({ text: 'null', label: 'null body' }),
  () => ({ text: '', label: 'empty body' }),
  () => ({ text: `{"a":"\\ud800"}`, label: 'lone surrogate escape' }),
  () => ({ text: '{"a":"\u0000"}', label: 'raw NUL in string' }),
  () => ({ text: '['.repeat(200_000), label: 'unclosed [ ×200000' }),
  () => ({ text: `{${'"a":1,'.repeat(40_000)}"b":2}`, label: '40000 duplicate keys' }),
];

/** A body for a route with this template, by one of several strategies. */
export function randomBody(rng: Rng, template: Template): Body {
  const entries = Object.entries(template);
  const strategy = rng.weighted<string>([
    [1, 'valid'],
    [5, 'mutated fields'],
    [2, 'prototype keys'],
    [2, 'random shape'],
    [2, 'raw'],
  ]);
  if (strategy === 'valid' || (strategy === 'mutated fields' && entries.length === 0)) {
    const { text, label } = render(entries.map(([k, v]) => [k, plain(v)]));
    return { text, label, kind: 'valid' };
  }
  if (strategy === 'mutated fields') {
    const fields = entries.map(([k, v]): [string, { text: string; label: string }] => [k, plain(v)]);
    const changes = rng.range(1, Math.min(3, fields.length));
    for (let i = 0; i < changes; i++) {
      const at = rng.int(fields.length);
      if (rng.chance(0.15)) fields.splice(at, 1);
      else (fields[at] as [string, unknown])[1] = hostileValue(rng);
    }
    return { ...render(fields), kind: 'mutated fields' };
  }
  if (strategy === 'prototype keys') {
    const fields = entries.map(([k, v]): [string, { text: string; label: string }] => [k, plain(v)]);
    const key = rng.pick(PROTOTYPE_KEYS);
    const polluted = plain(
      Object.fromEntries(entries.map(([k]) => [k, rng.chance(0.5) ? 'x' : { isAdmin: true }])),
    );
    fields.splice(rng.int(fields.length + 1), 0, [key, rng.chance(0.5) ? polluted : hostileValue(rng)]);
    return { ...render(fields), kind: 'prototype keys' };
  }
  if (strategy === 'random shape') return { ...hostileValue(rng), kind: 'random shape' };
  return { ...rng.pick(RAW)(), kind: 'raw' };
}
