#!/usr/bin/env node
// Runs every package's vitest suite one package at a time (the suites load models; two cores are shared) and
// ends with the plain summary line 'N passed, N failed' that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureChromium();
const reports = join(root, '.cache', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const dirs = ['packages', 'apps', 'examples']
  .flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(group, d)) : [],
  )
  .filter((dir) => existsSync(join(root, dir, 'vitest.config.ts')));
const only = process.argv.slice(2);
const selected = only.length ? dirs.filter((d) => only.some((o) => d.includes(o))) : dirs;

/**
 * Browser tests drive Debian's Chromium through playwright-core (it never downloads a browser of its own). A fresh
 * Debian machine does not have it: install it with apt-get when we are root, as CI is.
 */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.POCKETLM_SKIP_CHROMIUM_INSTALL) return;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  process.stdout.write('Installing Debian chromium for the browser tests (apt-get)…\n');
  const apt = (...args) =>
    spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  const r = apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
  if (r.status !== 0) process.stdout.write('apt-get could not install chromium; browser tests will fail.\n');
}

let passed = 0;
let failed = 0;
let skipped = 0;
let crashed = 0;
for (const dir of selected) {
  const name = dir.replace('/', '-');
  const out = join(reports, `${name}.json`);
  process.stdout.write(`\n━━ ${dir}\n`);
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    {
      cwd: join(root, dir),
      stdio: 'inherit',
      env: { ...process.env, POCKETLM_FIXTURES_DIR: join(root, '.cache', 'fixtures') },
    },
  );
  if (!existsSync(out)) {
    crashed++;
    process.stdout.write(`${dir}: vitest exited ${r.status} without a report\n`);
    continue;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (r.status !== 0 && report.numFailedTests === 0) crashed++;
}
process.stdout.write(`\n${passed} passed, ${failed + crashed} failed, ${skipped} skipped\n`);
process.exit(failed + crashed > 0 ? 1 : 0);
