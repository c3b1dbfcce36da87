export type { ClassifierCheckOptions } from './classifier/classifier-check.js';
export { classifierCheck } from './classifier/classifier-check.js';
export type { ClassifierInput } from './classifier/classifier-source.js';
export type { GuardClassification, GuardClassifier } from './classifier/guard-classifier.js';
export * from './eval/index.js';
export {
  defaultInjectionRules,
  defineRule,
  type InjectionCategory,
  type InjectionRule,
  type InjectionRuleDefinition,
  type InjectionRulesOptions,
  injectionRules,
  matchRules,
  patternHazards,
  type RuleMatch,
} from './injection/index.js';
export {
  foldText,
  type MappedText,
  type NormalizedText,
  type NormalizedView,
  type NormalizedViewKind,
  type NormalizeOptions,
  normalizeText,
  originalRange,
} from './normalize/index.js';
export { detectPii, type PiiDetectOptions, piiDetectors } from './pii/detect-pii.js';
export { type PiiCheckOptions, piiCheck } from './pii/pii-check.js';
export { PII_KINDS, type PiiDetector, type PiiKind } from './pii/pii-kind.js';
export { PiiVault } from './pii/pii-vault.js';
export { PlaceholderRestorer, type PlaceholderSource } from './pii/placeholder-restorer.js';
export { redactedLabel, redactSpans, type SpanReplacer } from './pii/redact-spans.js';
export type {
  GuardAction,
  GuardCheck,
  GuardCheckContext,
  GuardDecision,
  GuardSpan,
  GuardStage,
} from './policy/guard-check.js';
export { GUARD_SOURCE, guardMiddleware, isGuardEvent, withGuard } from './policy/guard-middleware.js';
export type { GuardPolicy } from './policy/guard-policy.js';
export type { ScreenedChunks } from './policy/guard-tool-results.js';
export { guardRetrieved, guardToolResults, withheldNotice } from './policy/guard-tool-results.js';
export { recommendedPolicy } from './policy/recommended-policy.js';
export {
  type SpanSource,
  type StreamCheck,
  StreamRedactor,
  type StreamRedactorChunk,
  type StreamRedactorOptions,
} from './stream/stream-redactor.js';
