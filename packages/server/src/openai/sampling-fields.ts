import { z } from 'zod';

/**
 * Request fields that chat and text completions share. OpenAI sends `null` for "not set" in places, so every
 * optional field is nullish. `top_k`, `min_p` and `repetition_penalty` are extensions (vLLM names them the same).
 */
export const samplingFields = {
  model: z.string().min(1),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repetition_penalty: z.number().gt(0).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  /** Choices per request, generated concurrently (so the scheduler batches them). */
  n: z.number().int().min(1).max(8).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z
    .strictObject({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() })
    .nullish(),
};

/**
 * OpenAI request fields this server accepts and ignores (they change billing, storage or logging on OpenAI's side,
 * not the text). Documented in docs/serve.md; any other unknown field is a 400 naming it.
 */
export const ignoredOpenAIFields = {
  user: z.unknown().optional(),
  logit_bias: z.unknown().optional(),
  store: z.unknown().optional(),
  metadata: z.unknown().optional(),
  service_tier: z.unknown().optional(),
  prompt_cache_key: z.unknown().optional(),
  safety_identifier: z.unknown().optional(),
};
