import type { GuardStage } from '../policy/guard-check.js';

/** The families of the rule set; a rule's id starts with its family. */
export type InjectionCategory =
  | 'instruction-override'
  | 'prompt-leak'
  | 'role-play'
  | 'delimiter'
  | 'indirect'
  | 'exfiltration'
  | 'data-extraction'
  | 'output-handling'
  | 'resource-abuse';

/**
 * One rule of the injection rule set. Patterns run on normalised text (see `normalize/`): lower case, Latin
 * diacritics removed, one space between words, ASCII quotes and dashes, homoglyphs and leetspeak folded. A pattern
 * must have only bounded quantifiers (`{0,n}`, `?`), so it runs in linear time; `patternHazards` checks this.
 */
export interface InjectionRule {
  /** `<category>.<name>`, stable: it is the span label and shows in logs. */
  readonly id: string;
  readonly category: InjectionCategory;
  /** What a match adds to the score; the check acts at `threshold` (default 1). */
  readonly weight: number;
  /** Weights for particular stages (documents addressing "the AI" are suspect in a retrieved chunk, not from a user). */
  readonly stageWeights?: Partial<Record<GuardStage, number>>;
  /** BCP 47 language codes the pattern is written for. */
  readonly languages: readonly string[];
  readonly description: string;
  /** Global (`g`) regular expression over normalised text. */
  readonly pattern: RegExp;
}

/** The weight of `rule` at `stage`. */
export function ruleWeight(rule: InjectionRule, stage: GuardStage): number {
  return rule.stageWeights?.[stage] ?? rule.weight;
}

/** What a rule definition spells; the pattern may be a source string. */
export type InjectionRuleDefinition = Omit<InjectionRule, 'pattern'> & { readonly pattern: string | RegExp };

/** Compiles a definition: string patterns become global regular expressions. */
export function defineRule(definition: InjectionRuleDefinition): InjectionRule {
  const { pattern } = definition;
  const compiled =
    typeof pattern === 'string'
      ? new RegExp(pattern, 'g')
      : pattern.global
        ? pattern
        : new RegExp(pattern.source, `${pattern.flags}g`);
  return { ...definition, pattern: compiled };
}
