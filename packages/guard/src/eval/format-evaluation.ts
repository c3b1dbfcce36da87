import type { CheckEvaluation, GroupRates } from './evaluate-check.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(3)} ms`;

/** A few lines a bench can print: rates, counts and latency, then per-category rates. */
export function formatEvaluation(result: CheckEvaluation, options: { groups?: boolean } = {}): string {
  const lines = [
    `${result.check}: detection ${pct(result.detectionRate)} (${result.truePositives}/${result.attacks}), ` +
      `false positives ${pct(result.falsePositiveRate)} (${result.falsePositives}/${result.benign}), ` +
      `latency mean ${ms(result.meanLatencyMs)} p95 ${ms(result.p95LatencyMs)} max ${ms(result.maxLatencyMs)}` +
      (result.skipped > 0 ? `, ${result.skipped} skipped (stage)` : ''),
  ];
  if (options.groups ?? true) {
    for (const [name, group] of Object.entries(result.byCategory))
      lines.push(`  ${name.padEnd(6)} ${describe(group)}`);
  }
  return lines.join('\n');
}

function describe(group: GroupRates): string {
  const parts: string[] = [];
  if (group.attacks > 0)
    parts.push(`detection ${pct(group.detectionRate)} (${group.detected}/${group.attacks})`);
  if (group.benign > 0)
    parts.push(`false positives ${pct(group.falsePositiveRate)} (${group.falsePositives}/${group.benign})`);
  return parts.join(', ');
}
