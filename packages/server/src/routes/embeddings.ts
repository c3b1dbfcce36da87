import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/send-json.js';
import { embeddingRequestSchema } from '../openai/embedding-request-schema.js';
import { parseRequest } from '../openai/parse-request.js';
import type { RouteContext } from './route-context.js';

/**
 * `POST /v1/embeddings`: one vector per input, as floats or as base64 of little-endian float32 (what the `openai`
 * client asks for by default and decodes itself).
 */
export async function embeddings(ctx: RouteContext): Promise<void> {
  const request = parseRequest(embeddingRequestSchema, await ctx.readBody());
  const embedder = ctx.embedderFor(request.model);
  if (request.dimensions != null && request.dimensions !== embedder.info.dimensions) {
    throw new HttpError(
      400,
      `"dimensions" must be ${embedder.info.dimensions} for "${request.model}" (it cannot shorten its vectors).`,
      { code: 'INVALID_OPTIONS', param: 'dimensions' },
    );
  }
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  const vectors = await embedder.embed(inputs, { signal: ctx.signal });
  const tokens = inputs.reduce((sum, text) => sum + embedder.countTokens(text), 0);
  const base64 = request.encoding_format === 'base64';
  sendJson(ctx.res, 200, {
    object: 'list',
    data: vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding: base64
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
        : Array.from(v),
    })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
