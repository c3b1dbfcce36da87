#!/usr/bin/env node
// Makes a fresh clone ready with nothing but Node and npm: gets the pinned pnpm (via npx when it is not
// installed), installs the workspace from the lockfile, and builds every package (turbo caches repeat builds).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = packageManager.split('@')[1];

function pnpmCommand() {
  try {
    const found = execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found === wanted) return ['pnpm'];
  } catch {
    // not installed: fall through to npx
  }
  return ['npx', '--yes', `pnpm@${wanted}`];
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? '' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [pnpm, ...pre] = pnpmCommand();
run(pnpm, [...pre, 'install', '--frozen-lockfile', '--reporter=append-only']);
run(pnpm, [...pre, 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
