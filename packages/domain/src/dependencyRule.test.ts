import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
/** The domain core knows documents only as bytes and the world only through its ports. */
const FORBIDDEN =
  /^(express|ws|better-sqlite3|pg|react|react-dom|yjs|y-protocols|y-websocket|ioredis|redis|@tiptap\/.*|@rounds\/(server|web|editor|storage-.*))(\/.*)?$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('domain dependency rule', () => {
  it('imports no transport, storage, editor or UI package', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
        if (spec && FORBIDDEN.test(spec)) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares no such dependency', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => FORBIDDEN.test(d))).toEqual([]);
  });
});
