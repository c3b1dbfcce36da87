import type { IndexReport, SkippedFile } from '@pocketlm/rag';

/** The human summary of `rag index`: the counts, then one line per changed source and per skipped file. */
export function formatIndexReport(
  report: IndexReport,
  skipped: readonly SkippedFile[],
  total: number,
): string {
  const lines = [
    `added ${report.added.length} · updated ${report.updated.length} · removed ${report.removed.length} · ` +
      `unchanged ${report.unchanged} · chunks ${report.chunks} embedded, ${total} in the store`,
    ...report.added.map((s) => `  added      ${s}`),
    ...report.updated.map((s) => `  updated    ${s}`),
    ...report.removed.map((s) => `  removed    ${s}`),
    ...report.empty.map((s) => `  empty      ${s} (no text to index)`),
    ...skipped.map((f) => `  skipped    ${f.path} (${f.reason}): ${f.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
