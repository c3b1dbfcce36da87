#!/usr/bin/env node
// `pnpm bench`: runs every benchmark section in scripts/bench/sections/ in one run, prints one table per section
// (stdout, Markdown) with progress on stderr, and writes all sections plus machine info to
// bench-results/latest.json and a timestamped copy (git-ignored).
//
//   pnpm bench                          every section
//   pnpm bench -- --only kv,concurrency  some sections (names as in --list)
//   pnpm bench -- --quick                smaller sizes: a smoke run, not figures to quote
//   pnpm bench -- --list                 the sections and what they measure
//
// A section is one file in sections/ whose default export is
//   { name, order, description, async run({ dir, fixture, quick, root }) → { title, note, rows, json, problems? } }
// The driver finds it by itself; see docs/benchmarks.md. POCKETLM_BENCH_FIXTURE picks another fixture and
// POCKETLM_FIXTURES_DIR another fixture directory.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureFixture } from '@pocketlm/testkit';
import { formatTable, machineInfo, machineLine, progress } from './lib/common.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sectionsDir = fileURLToPath(new URL('./sections/', import.meta.url));

/** Every section module, in `order` (then name). */
async function loadSections() {
  const files = readdirSync(sectionsDir).filter((f) => f.endsWith('.mjs'));
  const sections = [];
  for (const file of files) {
    const section = (await import(pathToFileURL(join(sectionsDir, file)).href)).default;
    if (!section?.name || typeof section.run !== 'function') {
      throw new Error(`scripts/bench/sections/${file} must export default { name, order, description, run }`);
    }
    sections.push({ order: 100, ...section });
  }
  return sections.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

const { values } = parseArgs({
  // pnpm forwards a literal `--` from `pnpm bench -- --quick`; `strict: false` would hide typos, so drop it here.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const sections = await loadSections();
if (values.help || values.list) {
  process.stdout.write(
    `${values.help ? 'usage: pnpm bench [-- [--only a,b] [--quick] [--list]]\n\nsections:\n' : ''}` +
      sections.map((s) => `  ${s.name.padEnd(12)} ${s.description ?? ''}`).join('\n') +
      '\n',
  );
  process.exit(0);
}
const wanted = values.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
if (unknown.length) {
  process.stderr.write(
    `unknown section(s): ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = wanted ? sections.filter((s) => wanted.includes(s.name)) : sections;

const fixture = process.env.POCKETLM_BENCH_FIXTURE ?? 'smollm-135m';
const machine = machineInfo();
const started = new Date();
progress(`preparing the ${fixture} fixture (written once into .cache/fixtures)…`);
const dir = await ensureFixture(fixture, {
  root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
  onProgress: (e) => process.stderr.write(`\r  ${e.step} ${e.done}/${e.total}   `),
});
progress('');
process.stdout.write(
  `# pnpm bench${values.quick ? ' --quick (smoke run: reduced sizes, not figures to quote)' : ''}\n\n` +
    `${fixture}; ${machineLine(machine)}; ${started.toISOString()}\n`,
);

const results = {};
const problems = [];
for (const [i, section] of selected.entries()) {
  progress(`[${i + 1}/${selected.length}] ${section.name}: ${section.description ?? ''}`);
  const t0 = performance.now();
  try {
    const r = await section.run({ dir, fixture, quick: values.quick, root });
    const seconds = (performance.now() - t0) / 1000;
    results[section.name] = { title: r.title, note: r.note, seconds, rows: r.rows, data: r.json };
    for (const p of r.problems ?? []) problems.push(p);
    process.stdout.write(
      `\n## ${r.title}\n\n${r.note}\n\n${formatTable(r.rows)}\n(${section.name}: ${seconds.toFixed(0)} s)\n`,
    );
  } catch (error) {
    const seconds = (performance.now() - t0) / 1000;
    results[section.name] = { error: String(error?.stack ?? error), seconds };
    problems.push(`${section.name}: failed: ${error?.message ?? error}`);
    process.stdout.write(
      `\n## ${section.name}: FAILED after ${seconds.toFixed(0)} s\n\n${error?.stack ?? error}\n`,
    );
  }
  progress(
    `[${i + 1}/${selected.length}] ${section.name} done in ${results[section.name].seconds.toFixed(0)} s`,
  );
}

const totalSeconds = (Date.now() - started.getTime()) / 1000;
const times = selected.map((s) => `${s.name} ${results[s.name].seconds.toFixed(0)} s`).join(', ');
process.stdout.write(`\nsection times: ${times}; total ${totalSeconds.toFixed(0)} s\n`);
if (problems.length) process.stdout.write(`\nPROBLEMS:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);

const out = join(root, 'bench-results');
mkdirSync(out, { recursive: true });
const json = {
  date: started.toISOString(),
  fixture,
  quick: values.quick,
  sectionsRun: selected.map((s) => s.name),
  machine,
  totalSeconds,
  problems,
  sections: results,
};
const text = `${JSON.stringify(json, null, 2)}\n`;
const file = join(out, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, text);
writeFileSync(join(out, 'latest.json'), text);
progress(`wrote ${file} and bench-results/latest.json`);
if (problems.length) process.exitCode = 1;
