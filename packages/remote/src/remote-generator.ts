import type { GenerateRequest, GenerateResult, StreamEvent } from '@pocketlm/core';

/** What a remote generator tells about itself, for logs and annotations. */
export interface RemoteGeneratorInfo {
  /** The model name sent to the endpoint. */
  model: string;
  /** What serves it (`openai-compatible`; an `Engine` used as a remote reports its backend). */
  backend: string;
}

/**
 * A generator whose model runs elsewhere. It streams the same events as core's `TextGenerator`, but it has no
 * tokenizer and no context length: the remote model's vocabulary is not ours, so it cannot count tokens or report
 * token ids. The escalation router, which holds the local tokenizer, is the full `TextGenerator`. Any `Engine`
 * also satisfies this interface, so a bigger model on the same device can stand in for a remote one.
 */
export interface RemoteGenerator {
  readonly info: RemoteGeneratorInfo;
  /** Streams `text-delta` (and `token` events when logprobs were asked for and returned), then `finish`. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
