import type { GuardSpan } from '../policy/guard-check.js';

/**
 * Spans of every match of a global `pattern` that `accept` keeps. `accept` may narrow the span (to a captured
 * value) by returning `[start, end]`. Patterns passed here use bounded quantifiers and no nested ambiguous ones,
 * so each match attempt does bounded work and the whole scan is linear.
 */
export function regexSpans(
  text: string,
  pattern: RegExp,
  label: string,
  accept: (match: RegExpExecArray) => boolean | readonly [number, number] = () => true,
): GuardSpan[] {
  const spans: GuardSpan[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const verdict = accept(match);
    if (verdict === true) spans.push({ start: match.index, end: match.index + match[0].length, label });
    else if (verdict !== false) spans.push({ start: verdict[0], end: verdict[1], label });
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return spans;
}
