import type { SpeculationStats } from '../speculative/speculation.js';
/**
 * Why generation ended: an end-of-sequence token or stop string (`stop`), `maxTokens` / the context (`length`), or
 * middleware that stopped the output (`content-filter`, e.g. a guard blocking a reply mid-stream).
 */
export type FinishReason = 'stop' | 'length' | 'content-filter';

export interface Usage {
  /** Every token of the prompt, including those whose KV was reused. */
  promptTokens: number;
  /** Prompt tokens whose KV came from the cache (chat sessions) and were not recomputed. */
  cachedPromptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Timings {
  /** From the call to the first sampled token, queueing included. */
  timeToFirstTokenMs: number;
  prefillMs: number;
  decodeMs: number;
  totalMs: number;
  /** Prompt tokens actually computed per second of prefill. */
  prefillTokensPerSecond: number;
  /** Decode steps per second after the first token. */
  decodeTokensPerSecond: number;
}

/** A new token; `text` is what it adds to the output (possibly empty while a UTF-8 character is incomplete). */
export interface TokenEvent {
  type: 'token';
  id: number;
  text: string;
  /** Natural-log probability of the token under the model's unpenalised distribution (with `logprobs: true`). */
  logprob?: number;
}

/** User-visible text, with stop sequences and partial UTF-8 characters already held back. */
export interface TextDeltaEvent {
  type: 'text-delta';
  text: string;
}

/** Prefill progress on long prompts. */
export interface PrefillProgressEvent {
  type: 'prefill-progress';
  done: number;
  total: number;
}

export interface FinishEvent {
  type: 'finish';
  finishReason: FinishReason;
  text: string;
  tokens: number[];
  usage: Usage;
  timings: Timings;
  /** Draft tokens proposed and accepted, when the request used speculative decoding. */
  speculation?: SpeculationStats;
  /** The seed used, so a sampled run can be reproduced. */
  seed: number;
}

/** Something middleware reports alongside the text (a guard's decision, say); `source` names the middleware. */
export interface AnnotationEvent {
  type: 'annotation';
  source: string;
  data: unknown;
}

export type StreamEvent = TokenEvent | TextDeltaEvent | PrefillProgressEvent | AnnotationEvent | FinishEvent;

/** What `generate()` resolves with: the finish event without its `type`. */
export type GenerateResult = Omit<FinishEvent, 'type'>;
