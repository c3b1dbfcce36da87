import type { GuardSpan } from '../policy/guard-check.js';
import { mergeSpans } from './merge-spans.js';

/** Replaces a found span: gets the span and the original text it covers. */
export type SpanReplacer = (span: GuardSpan, original: string) => string;

/** The default replacement when no vault is used: `[REDACTED:email]`. */
export const redactedLabel: SpanReplacer = (span) => `[REDACTED:${span.label}]`;

/** `text` with each span (overlaps merged) replaced, irreversibly, by `replace` (default `[REDACTED:label]`). */
export function redactSpans(
  text: string,
  spans: readonly GuardSpan[],
  replace: SpanReplacer = redactedLabel,
): string {
  let out = '';
  let at = 0;
  for (const span of mergeSpans(spans)) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, text.length);
    if (end <= start) continue;
    out += text.slice(at, start) + replace({ start, end, label: span.label }, text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}
