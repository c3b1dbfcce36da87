#!/usr/bin/env node
// Makes a fresh clone ready with nothing but Node and npm: gets the pinned pnpm (via npx when it is not
// installed), installs the workspace from the lockfile, and runs turbo tasks (default: build; turbo caches repeats).
// Usage: node scripts/bootstrap.mjs [task…]   e.g. `build typecheck`. Turbo runs through pnpm so it finds the
// package manager even when pnpm came from npx and is not on PATH.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './pnpm-command.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [pnpm, ...pre] = pnpmCommand();
run(pnpm, [...pre, 'install', '--frozen-lockfile', '--reporter=append-only']);
const tasks = process.argv.slice(2);
run(pnpm, [
  ...pre,
  'exec',
  'turbo',
  'run',
  ...(tasks.length ? tasks : ['build']),
  '--output-logs=errors-only',
]);
