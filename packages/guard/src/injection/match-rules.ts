import { originalRange } from '../normalize/mapped-text.js';
import { type NormalizedText, normalizeText } from '../normalize/normalize-text.js';
import type { GuardSpan, GuardStage } from '../policy/guard-check.js';
import { type InjectionRule, ruleWeight } from './injection-rule.js';

/** A rule that matched, where (original offsets), and what it weighs at the stage. */
export interface RuleMatch {
  readonly rule: InjectionRule;
  readonly weight: number;
  readonly spans: GuardSpan[];
}

/** Matches per rule per view beyond which more spans add nothing but work. */
const MAX_MATCHES_PER_VIEW = 32;

/**
 * Runs `rules` over every normalised view of `text` and returns the rules that matched, with their spans in the
 * original text. A rule with weight 0 at `stage` is skipped.
 */
export function matchRules(
  rules: readonly InjectionRule[],
  text: string | NormalizedText,
  stage: GuardStage,
): RuleMatch[] {
  const normalized = typeof text === 'string' ? normalizeText(text) : text;
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    const weight = ruleWeight(rule, stage);
    if (weight <= 0) continue;
    // Allocated on the first match only: most rules match nothing, and most texts match no rule.
    let spans: GuardSpan[] | undefined;
    const pattern = rule.pattern;
    for (const view of normalized.views) {
      pattern.lastIndex = 0;
      let count = 0;
      for (let m = pattern.exec(view.text); m !== null; m = pattern.exec(view.text)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        // Spaces at a match's edges belong to no word; leaving them out keeps spans tight.
        let from = m.index;
        let to = m.index + m[0].length;
        while (from < to && view.text.charCodeAt(from) === 0x20) from++;
        while (to > from && view.text.charCodeAt(to - 1) === 0x20) to--;
        const range = originalRange(view, from, to);
        spans ??= [];
        if (!spans.some((s) => s.start === range.start && s.end === range.end)) {
          spans.push({ start: range.start, end: range.end, label: rule.id });
        }
        if (++count >= MAX_MATCHES_PER_VIEW) break;
      }
    }
    if (spans !== undefined) matches.push({ rule, weight, spans });
  }
  return matches;
}
