import type { GenerateOptions } from '../engine/generate-options.js';

/**
 * The numeric sampling fields of OpenAI's chat and text completions, by their OpenAI name, with the
 * `GenerateOptions` field each maps to. One table for both directions, so `pocketlm serve` (OpenAI → core) and the
 * remote generator (core → OpenAI) always map the same set. `top_k`, `min_p` and `repetition_penalty` are
 * extensions that vLLM and llama.cpp read under these names; `max_tokens` rather than `max_completion_tokens`,
 * because every OpenAI-compatible server reads the older name. `stop` is left out: each direction shapes it.
 */
export const OPENAI_SAMPLING_FIELDS = {
  max_tokens: 'maxTokens',
  temperature: 'temperature',
  top_p: 'topP',
  top_k: 'topK',
  min_p: 'minP',
  repetition_penalty: 'repetitionPenalty',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  seed: 'seed',
} as const satisfies Record<string, keyof GenerateOptions>;

/** An OpenAI sampling field name (`top_p`, …). */
export type OpenAISamplingField = keyof typeof OPENAI_SAMPLING_FIELDS;

/** The table as `[OpenAI name, core name]` pairs, typed for a loop over it. */
export const OPENAI_SAMPLING_FIELD_PAIRS = Object.entries(OPENAI_SAMPLING_FIELDS) as [
  OpenAISamplingField,
  (typeof OPENAI_SAMPLING_FIELDS)[OpenAISamplingField],
][];
