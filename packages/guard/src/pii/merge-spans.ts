import type { GuardSpan } from '../policy/guard-check.js';

/**
 * Spans sorted by start with overlapping ones merged (touching ones are kept apart). A merged span keeps the label
 * of its longest part, so a card number found inside a longer secret assignment is reported as the secret.
 */
export function mergeSpans(spans: readonly GuardSpan[]): GuardSpan[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: GuardSpan[] = [];
  let longest = 0;
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      if (span.end > last.end) last.end = span.end;
      if (span.end - span.start > longest) {
        longest = span.end - span.start;
        last.label = span.label;
      }
    } else {
      merged.push({ ...span });
      longest = span.end - span.start;
    }
  }
  return merged;
}
