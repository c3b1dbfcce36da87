import { PocketLMError, throwIfAborted } from '@pocketlm/core';
import type { GuardAction, GuardCheck, GuardDecision, GuardSpan, GuardStage } from '../policy/guard-check.js';
import type { InjectionRule } from './injection-rule.js';
import { matchRules } from './match-rules.js';
import { patternHazards } from './pattern-hazards.js';
import { defaultInjectionRules } from './rules/index.js';

export interface InjectionRulesOptions {
  /** Stages the check runs at. Default: input, tool results and retrieved chunks. */
  readonly stages?: readonly GuardStage[];
  /** What to do at or above the threshold. Default `'block'`. */
  readonly action?: GuardAction;
  /** Score (sum of the weights of the rules that matched) at which the check acts. Default 1. */
  readonly threshold?: number;
  /** Rules added to the default set (their patterns must pass `patternHazards`). */
  readonly extraRules?: readonly InjectionRule[];
  /** Replaces the default rule set (extra rules are still added). */
  readonly rules?: readonly InjectionRule[];
}

const DEFAULT_STAGES: readonly GuardStage[] = ['input', 'tool-result', 'retrieved'];

/**
 * The rule-based prompt-injection and jailbreak check, named `injection`. It normalises the text (homoglyphs,
 * spacing, leetspeak, encoded payloads), runs the rule set, and scores the sum of the matched rules' weights. At or
 * above `threshold` it returns `action` with the matches as spans (labelled with rule ids, in original offsets);
 * below it, an `allow` with the spans so a policy's `onDecision` can log near misses; with no match, `undefined`.
 */
export function injectionRules(options: InjectionRulesOptions = {}): GuardCheck {
  const action = options.action ?? 'block';
  const threshold = options.threshold ?? 1;
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `injectionRules: threshold must be a positive number, got ${threshold}.`,
    );
  }
  const extra = options.extraRules ?? [];
  for (const rule of extra) {
    const hazards = patternHazards(rule.pattern);
    if (hazards.length > 0 || !rule.pattern.global) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `injectionRules: rule "${rule.id}" ${rule.pattern.global ? `may not run in linear time (${hazards.join('; ')})` : 'needs a global (g) pattern: use defineRule'}.`,
        { details: { rule: rule.id, hazards } },
      );
    }
  }
  const rules = [...(options.rules ?? defaultInjectionRules), ...extra];
  const stages = options.stages ?? DEFAULT_STAGES;

  return {
    name: 'injection',
    stages,
    check(text, context): GuardDecision | undefined {
      throwIfAborted(context.signal);
      const matches = matchRules(rules, text, context.stage);
      if (matches.length === 0) return undefined;
      let score = 0;
      const spans: GuardSpan[] = [];
      for (const match of matches) {
        score += match.weight;
        spans.push(...match.spans);
      }
      spans.sort((a, b) => a.start - b.start || a.end - b.end);
      score = Math.round(score * 100) / 100;
      const named = matches
        .slice()
        .sort((a, b) => b.weight - a.weight)
        .map((m) => `${m.rule.id} (${m.weight})`)
        .join(', ');
      const acts = score >= threshold;
      return {
        check: 'injection',
        stage: context.stage,
        action: acts ? action : 'allow',
        reason: acts
          ? `Prompt injection: score ${score} ≥ ${threshold} from ${named}.`
          : `Injection-like wording below the threshold: score ${score} < ${threshold} from ${named}.`,
        spans,
        score,
      };
    },
  };
}
