// Checks the PHI evaluation corpus: every line parses, every span kind is known,
// every span text occurs verbatim in its sentence. Prints counts per kind per file.
// Run: npx tsx tests/phi/corpus/validate.ts [file ...]
// With no arguments it checks dev.jsonl, holdout.jsonl and holdout2.jsonl (those that
// exist). Arguments are file paths, or names of files in this folder. Duplicate
// sentences are looked for across all the files checked.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = [
  'person_name',
  'date',
  'age',
  'medical_record_number',
  'health_card_number',
  'insurance_number',
  'national_id',
  'phone',
  'email',
  'street_address',
  'postal_code',
  'url',
  'ip_address',
  'device_serial',
  'licence_plate',
  'drivers_licence',
  'room_number',
] as const;

interface Span {
  kind: string;
  text: string;
}
interface Item {
  text: string;
  spans: Span[];
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const paths = args.length
  ? args.map((a) => (existsSync(a) ? resolve(a) : join(here, a)))
  : ['dev.jsonl', 'holdout.jsonl', 'holdout2.jsonl'].map((f) => join(here, f)).filter((f) => existsSync(f));
const files = paths.map((p) => basename(p));
const errors: string[] = [];
const allTexts = new Map<string, string>();
const table: Record<string, Record<string, number>> = {};
let ambiguous = 0;

const luhn = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

paths.forEach((path, fileIndex) => {
  const file = files[fileIndex] ?? path;
  const counts = { items: 0, with_spans: 0, without_spans: 0, spans: 0 } as Record<string, number> & {
    items: number;
    with_spans: number;
    without_spans: number;
    spans: number;
  };
  for (const k of KINDS) counts[k] = 0;
  let luhnOk = 0,
    luhnBad = 0;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let item: Item;
    try {
      item = JSON.parse(line) as Item;
    } catch {
      errors.push(`${where}: not JSON`);
      return;
    }
    if (typeof item.text !== 'string' || !Array.isArray(item.spans)) {
      errors.push(`${where}: needs text and spans`);
      return;
    }
    const keys = Object.keys(item).sort().join(',');
    if (keys !== 'spans,text') errors.push(`${where}: unexpected keys ${keys}`);
    const prev = allTexts.get(item.text);
    if (prev) errors.push(`${where}: duplicate sentence (also ${prev})`);
    allTexts.set(item.text, where);
    counts.items++;
    counts[item.spans.length ? 'with_spans' : 'without_spans']++;
    for (const s of item.spans) {
      if (!(KINDS as readonly string[]).includes(s.kind)) errors.push(`${where}: unknown kind ${s.kind}`);
      if (typeof s.text !== 'string' || s.text === '') {
        errors.push(`${where}: empty span`);
        continue;
      }
      if (!item.text.includes(s.text)) errors.push(`${where}: span "${s.text}" not in text`);
      if (s.text !== s.text.trim()) errors.push(`${where}: span "${s.text}" has outer whitespace`);
      if (item.text.split(s.text).length > 2) ambiguous++;
      counts[s.kind] = (counts[s.kind] ?? 0) + 1;
      counts.spans++;
      if (s.kind === 'national_id') {
        const d = s.text.replace(/\D/g, '');
        if (d.length === 9 && /\bSIN\b|social insurance/i.test(item.text)) {
          if (luhn(d)) luhnOk++;
          else luhnBad++;
        }
      }
    }
  });
  table[file] = counts;
  console.log(`${file}: SIN spans passing Luhn ${luhnOk}, failing ${luhnBad}`);
});

const rows = ['items', 'with_spans', 'without_spans', 'spans', ...KINDS];
console.log(['', ...files, 'total'].map((c, i) => (i === 0 ? c.padEnd(24) : c.padStart(16))).join(''));
for (const r of rows) {
  const vals = files.map((f) => table[f]?.[r] ?? 0);
  console.log(
    r.padEnd(24) + [...vals, vals.reduce((a, b) => a + b, 0)].map((v) => String(v).padStart(16)).join(''),
  );
}
console.log(`spans whose text occurs more than once in their sentence: ${ambiguous}`);
if (errors.length) {
  console.error(errors.join('\n'));
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
console.log('OK');
