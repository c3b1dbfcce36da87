import { z } from 'zod';

/** `POST /v1/embeddings`: text input only (token-id arrays would need the caller to know our tokenizer). */
export const embeddingRequestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().positive().nullish(),
  user: z.unknown().optional(),
});
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;
