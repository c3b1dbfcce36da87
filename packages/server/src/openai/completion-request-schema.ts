import { z } from 'zod';
import { ignoredOpenAIFields, samplingFields } from './sampling-fields.js';

/** `POST /v1/completions` (the legacy text completion): one prompt or several, each its own choice. */
export const completionRequestSchema = z.strictObject({
  ...samplingFields,
  ...ignoredOpenAIFields,
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(32)]),
  // Several prompts give several choices here; several choices per prompt are not offered.
  n: z.literal(1, { error: 'only n = 1 is supported (send several prompts instead)' }).nullish(),
  echo: z.boolean().nullish(),
  // The legacy per-token logprobs object is not produced: accepted and ignored (documented).
  logprobs: z.unknown().optional(),
  best_of: z.literal(1, { error: 'only best_of = 1 is supported' }).nullish(),
  suffix: z.literal('', { error: 'suffix (fill-in-the-middle) is not supported' }).nullish(),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
