// Run by `npm test` first: the browser tests drive Debian's Chromium (never a downloaded browser).
// Installs it with apt-get when missing and running as root; otherwise stops with the command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || process.env.CHROMIUM_PATH) {
    console.error(`Chromium is missing at ${path}. Install it with:\n\n  sudo apt-get install -y chromium\n`);
    process.exit(1);
  }
  console.log('Installing Debian Chromium for the browser tests (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
