import type { GenerateRequest } from './generate-options.js';
import type { StreamEvent } from './stream-events.js';
import type { TextGenerator } from './text-generator.js';

/**
 * Code that sits between the caller and an engine (`wrapEngine`): it may rewrite a request before it runs (redact
 * a prompt, add a system message, refuse it by throwing) and wrap the events that come back (filter or redact text,
 * stop early with `finishReason: 'content-filter'`, add `annotation` events). `@pocketlm/guard` is one.
 */
export interface EngineMiddleware {
  /** Rewrites each request before anything runs. */
  transformRequest?: (request: GenerateRequest) => GenerateRequest | Promise<GenerateRequest>;
  /**
   * Wraps one request's events. `doStream` runs the request (as given, or rewritten) on what lies beneath: the
   * next middleware or the engine. Breaking out of `doStream`'s iteration cancels that generation.
   */
  wrapStream?: (options: {
    request: GenerateRequest;
    doStream: (request: GenerateRequest) => AsyncIterable<StreamEvent>;
    /** The engine at the bottom, for its tokenizer, `info` and `countTokens`. */
    engine: TextGenerator;
  }) => AsyncIterable<StreamEvent>;
}
