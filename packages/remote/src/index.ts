export { REMOTE_SOURCE, REMOTE_TOKEN_ID, type RemoteToolCall } from './openai/chat-chunk-mapper.js';
export {
  createOpenAICompatibleGenerator,
  DEFAULT_REMOTE_TIMEOUT_MS,
  type OpenAICompatibleOptions,
} from './openai/openai-compatible-generator.js';
export type { RemoteGenerator, RemoteGeneratorInfo } from './remote-generator.js';
