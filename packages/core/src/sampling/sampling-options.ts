import { PocketLMError } from '../errors/pocketlm-error.js';

/** Sampling knobs, named as in the OpenAI API and the AI SDK. */
export interface SamplingOptions {
  /** 0 means greedy. Default 0.7 when `seed`/sampling is wanted; the engine's default is greedy-safe 0.7. */
  temperature?: number;
  /** Keep only the K most likely tokens (0 = off). */
  topK?: number;
  /** Nucleus sampling: keep the smallest set whose probability reaches P (1 = off). */
  topP?: number;
  /** Drop tokens less likely than minP × the top token's probability (0 = off). */
  minP?: number;
  /** Divides positive logits (multiplies negative ones) of tokens seen in the prompt or output (1 = off). */
  repetitionPenalty?: number;
  /** Subtracted once from the logit of every token already generated (OpenAI semantics). */
  presencePenalty?: number;
  /** Subtracted per occurrence from the logit of tokens already generated (OpenAI semantics). */
  frequencyPenalty?: number;
  /** Makes sampling reproducible. */
  seed?: number;
}

export type ResolvedSampling = Required<Omit<SamplingOptions, 'seed'>> & { seed: number | undefined };

function num(name: string, v: unknown, min: number, max: number, integer = false): number {
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (integer && !Number.isInteger(v))
  ) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `between ${min} and ${max}`;
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"${name}" must be ${integer ? 'an integer' : 'a number'} ${range}, got ${JSON.stringify(v)}.`,
      { details: { option: name, value: v } },
    );
  }
  return v;
}

/** Validates sampling options and fills defaults. Throws `INVALID_OPTIONS` naming the bad option. */
export function resolveSampling(o: SamplingOptions): ResolvedSampling {
  const inf = Number.POSITIVE_INFINITY;
  return {
    temperature: o.temperature === undefined ? 0 : num('temperature', o.temperature, 0, inf),
    topK: o.topK === undefined ? 0 : num('topK', o.topK, 0, inf, true),
    topP: o.topP === undefined ? 1 : num('topP', o.topP, Number.MIN_VALUE, 1),
    minP: o.minP === undefined ? 0 : num('minP', o.minP, 0, 1),
    repetitionPenalty:
      o.repetitionPenalty === undefined
        ? 1
        : num('repetitionPenalty', o.repetitionPenalty, Number.MIN_VALUE, inf),
    presencePenalty:
      o.presencePenalty === undefined ? 0 : num('presencePenalty', o.presencePenalty, -inf, inf),
    frequencyPenalty:
      o.frequencyPenalty === undefined ? 0 : num('frequencyPenalty', o.frequencyPenalty, -inf, inf),
    seed: o.seed === undefined ? undefined : num('seed', o.seed, 0, 2 ** 32 - 1, true),
  };
}
