import type { ResponseFormat } from '../constraints/response-format.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import type { SamplingOptions } from '../sampling/sampling-options.js';
import type { SpeculativeOptions } from '../speculative/speculative-options.js';
import type { ChatMessage, ToolDefinition } from '../tokenizer/tokenizer.js';

/** Per-request options, named as in the OpenAI API and the AI SDK. */
export interface GenerateOptions extends SamplingOptions {
  /** Most tokens to generate (default 256, and never past the context). */
  maxTokens?: number;
  /** Strings that end generation; they are not included in the output. */
  stop?: string | string[];
  signal?: AbortSignal;
  /** Higher runs first when requests queue (default 0). */
  priority?: number;
  /**
   * How this request's KV cache keeps tokens: full (default), a sliding window with attention sinks, value-norm
   * eviction under a byte cap, or int8/int4 storage. Overrides the engine's `kvCache`.
   */
  kvCache?: KVCachePolicy;
  /**
   * Speculative decoding: draft tokens by prompt lookup or with the engine's draft model and verify them in one
   * forward. The output is the same as without it; `false` turns off an engine default.
   */
  speculative?: SpeculativeOptions | false;
  /**
   * Constrain the output token by token: JSON that validates against a schema, any JSON object, text matching a
   * regex or a GBNF grammar, or free text with exact JSON structures after triggers (`structural_tag`, for tool
   * calls). Works on every backend; unsupported schema keywords are refused with `UNSUPPORTED_CONSTRAINT`.
   */
  responseFormat?: ResponseFormat;
  /**
   * Tools for the chat template's `tools` variable (chat requests only), so the model sees them in the format it
   * was trained on. The engine does not run them or parse calls: `@pocketlm/agent` does.
   */
  tools?: ToolDefinition[];
  /** Report each token's log-probability on `token` events (costs a pass over the vocabulary per token). */
  logprobs?: boolean;
}

/** Raw completion of `prompt`, or a chat rendered through the model's template. */
export type GenerateInput =
  | { prompt: string; messages?: undefined }
  | { messages: ChatMessage[]; prompt?: undefined };

export type GenerateRequest = GenerateInput & GenerateOptions;

export const DEFAULT_MAX_TOKENS = 256;

export function resolveMaxTokens(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_TOKENS;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"maxTokens" must be a positive integer, got ${JSON.stringify(v)}.`,
      {
        details: { option: 'maxTokens', value: v },
      },
    );
  }
  return v;
}

export function resolveStop(v: unknown): string[] {
  if (v === undefined) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) {
    throw new PocketLMError('INVALID_OPTIONS', '"stop" must be a string or an array of strings.', {
      details: { option: 'stop' },
    });
  }
  return list;
}

/** Checks `tools` (the OpenAI function shape) so a malformed list fails with `INVALID_OPTIONS`, not in the template. */
export function resolveTools(v: unknown): ToolDefinition[] | undefined {
  if (v === undefined) return undefined;
  const ok =
    Array.isArray(v) &&
    v.every(
      (t) =>
        t?.type === 'function' &&
        typeof t.function?.name === 'string' &&
        typeof t.function.parameters === 'object' &&
        t.function.parameters !== null,
    );
  if (!ok) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      '"tools" must be an array of { type: "function", function: { name, description?, parameters } }.',
      { details: { option: 'tools' } },
    );
  }
  return v as ToolDefinition[];
}

/** Checks the request's input shape so a malformed one fails with `INVALID_OPTIONS`, not deep inside. */
export function validateInput(request: unknown): GenerateInput {
  if (typeof request !== 'object' || request === null) {
    throw new PocketLMError('INVALID_OPTIONS', 'A request needs a "prompt" string or a "messages" array.');
  }
  const r = request as { prompt?: unknown; messages?: unknown };
  if (typeof r.prompt === 'string' && r.messages === undefined) return { prompt: r.prompt };
  if (Array.isArray(r.messages) && r.prompt === undefined) {
    for (const m of r.messages) {
      if (
        typeof m !== 'object' ||
        m === null ||
        typeof m.role !== 'string' ||
        typeof m.content !== 'string' ||
        (m.tool_calls !== undefined && !Array.isArray(m.tool_calls))
      ) {
        throw new PocketLMError(
          'INVALID_OPTIONS',
          'Each message needs a string "role" and a string "content" ("tool_calls", when present, is an array).',
        );
      }
    }
    return { messages: r.messages as ChatMessage[] };
  }
  throw new PocketLMError(
    'INVALID_OPTIONS',
    'A request needs exactly one of a "prompt" string or a "messages" array.',
  );
}
