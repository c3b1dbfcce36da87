import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ChatMessage, Tokenizer } from '../tokenizer/tokenizer.js';
import type { EngineInfo } from './engine.js';
import type { GenerateRequest } from './generate-options.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';

/**
 * What turns requests into text: an `Engine`, or an engine wrapped in middleware (`wrapEngine`). Add-ons (agent,
 * guard, RAG) take this, so they work on a wrapped engine as on a bare one.
 */
export interface TextGenerator {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  countTokens(input: string | ChatMessage[]): number;
}

/** Runs a stream to its finish event and resolves with the result. */
export async function resultOf(events: AsyncIterable<StreamEvent>): Promise<GenerateResult> {
  for await (const event of events) {
    if (event.type === 'finish') {
      const { type: _, ...result } = event;
      return result;
    }
  }
  throw new PocketLMError('BACKEND_ERROR', 'Generation ended without a finish event.');
}
