/** Which code a benchmark run measured: the reference's package version and a fingerprint of ours. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './servers.ts';

export function referenceVersion(): string {
  const require = createRequire(join(REPO_ROOT, 'bench', 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve('y-websocket-server-ref/package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${pkg.name}@${pkg.version}`;
}

/**
 * Which Rounds code was measured: HEAD plus a hash of every source file of the server and its
 * packages as they are on disk (uncommitted edits included), so runs of different code are told apart.
 */
export function roundsSourceFingerprint(): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|js|json)$/.test(e.name)) files.push(path);
    }
  };
  walk(join(REPO_ROOT, 'apps/server/src'));
  for (const pkg of readdirSync(join(REPO_ROOT, 'packages'))) walk(join(REPO_ROOT, 'packages', pkg, 'src'));
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  let head = 'unknown';
  let dirty = '';
  try {
    head = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const status = execFileSync(
      'git',
      ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'apps/server', 'packages'],
      {
        encoding: 'utf8',
      },
    );
    dirty = status.trim() ? '+uncommitted' : '';
  } catch {
    // not a git checkout
  }
  return `${head}${dirty} src:${hash.digest('hex').slice(0, 12)}`;
}
