export {
  defineRule,
  type InjectionCategory,
  type InjectionRule,
  type InjectionRuleDefinition,
} from './injection-rule.js';
export { type InjectionRulesOptions, injectionRules } from './injection-rules.js';
export { matchRules, type RuleMatch } from './match-rules.js';
export { patternHazards } from './pattern-hazards.js';
export { defaultInjectionRules } from './rules/index.js';
