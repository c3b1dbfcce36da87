export { REMOTE_SOURCE, REMOTE_TOKEN_ID, type RemoteToolCall } from './openai/chat-chunk-mapper.js';
export {
  createOpenAICompatibleGenerator,
  DEFAULT_REMOTE_TIMEOUT_MS,
  type OpenAICompatibleOptions,
} from './openai/openai-compatible-generator.js';
export type { RemoteGenerator, RemoteGeneratorInfo } from './remote-generator.js';
export {
  ESCALATION_SOURCE,
  type EscalationDecision,
  type EscalationReason,
  isEscalationEvent,
  startsNewAnswer,
} from './router/escalation-decision.js';
export type {
  EscalationRouterOptions,
  GuardPredicate,
  LocalAnswerView,
} from './router/escalation-options.js';
export { createEscalationRouter } from './router/escalation-router.js';
