// Helpers every benchmark section shares: statistics, number formatting, the text table, progress on stderr,
// machine info and loading the fixture's runner. Sections import from here instead of keeping their own copies.
import { cpus, totalmem } from 'node:os';
import { LocalDirectoryFiles, nodeBackend } from '@pocketlm/node';

/** The median (mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** A figure for a table: whole numbers from 100 up, one decimal below. */
export const fmt = (v) =>
  Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : String(v);

/** A ratio for a table, e.g. "3.86×". */
export const ratio = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : String(v));

export const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);

/**
 * Rows (objects with the same keys) as a Markdown table with aligned columns, so the output can be pasted into
 * docs as is. Numbers right-align; everything else left-aligns.
 */
export function formatTable(rows) {
  if (!rows.length) return '(no rows)\n';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c]))));
  const numeric = columns.map((_, i) =>
    cells.every((row) => row[i] === '' || /^[-+]?[\d.]+(e[-+]\d+)?×?$/.test(row[i])),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values) =>
    `| ${values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return `${[line(columns), rule, ...cells.map(line)].join('\n')}\n`;
}

/** A progress line on stderr (stdout carries only the tables). */
export function progress(message) {
  process.stderr.write(`${message}\n`);
}

/** Seconds since `start` (a performance.now() value), for progress lines. */
export const seconds = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

/** The machine a run was measured on, for the JSON and the table notes. */
export function machineInfo() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model?.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  };
}

/** "2 cores, 23 GiB, Node v20…" */
export function machineLine(info = machineInfo()) {
  return `${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, Node ${info.node}`;
}

/** The node backend's model runner for a fixture directory, plus the backend's capabilities. */
export async function loadRunner(dir) {
  const backend = nodeBackend();
  const runner = await backend.loadModel(new LocalDirectoryFiles(dir), {});
  return { runner, capabilities: backend.capabilities };
}

/**
 * A deterministic pseudo-random generator in [0, 1) (a 31-bit LCG): the same seed gives the same stream, so
 * every runtime, policy and round sees the same tokens.
 */
export function lcg(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
