// The pinned pnpm (package.json's packageManager): the installed one when its version matches, else via npx,
// so a machine with only Node and npm works.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
export const PNPM_VERSION = packageManager.split('@')[1];

/** Returns [command, ...leadingArgs] to run pnpm with. */
export function pnpmCommand() {
  try {
    const found = execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (found === PNPM_VERSION) return ['pnpm'];
  } catch {
    // not installed: fall through to npx
  }
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}
