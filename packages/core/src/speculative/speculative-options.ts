import type { ModelRunner } from '../backend/model-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { DraftModelDrafter } from './draft-model-drafter.js';
import type { Drafter } from './drafter.js';
import { PromptLookupDrafter } from './prompt-lookup-drafter.js';

/**
 * Speculative decoding for a request. Either way the output is token for token what plain decoding gives (greedy,
 * or seeded sampling with the same seed); only the number of forward passes changes.
 * - `prompt-lookup`: drafts by finding the last few tokens earlier in the prompt or output; no extra model.
 * - `draft-model`: drafts with the engine's draft model (`createEngine({ draft })`), e.g. the same model at 4-bit.
 */
export type SpeculativeOptions =
  | {
      type: 'prompt-lookup';
      /** Most draft tokens per step (default 5). */
      maxDraftTokens?: number;
      /** Longest n-gram matched (default 3). */
      maxNgram?: number;
      /** Shortest n-gram matched (default 1). */
      minNgram?: number;
    }
  | {
      type: 'draft-model';
      /** Most draft tokens per step (default 5). */
      maxDraftTokens?: number;
    };

function integerOption(name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"speculative.${name}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    );
  }
}

/** Checks a request's `speculative` option; `false` and `undefined` mean none. */
export function validateSpeculativeOptions(value: unknown): SpeculativeOptions | undefined {
  if (value === undefined || value === false) return undefined;
  const v = value as Record<string, unknown>;
  if (
    typeof value !== 'object' ||
    value === null ||
    (v.type !== 'prompt-lookup' && v.type !== 'draft-model')
  ) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      '"speculative" must be false, { type: "prompt-lookup" } or { type: "draft-model" }.',
    );
  }
  integerOption('maxDraftTokens', v.maxDraftTokens, 1, 64);
  if (v.type === 'prompt-lookup') {
    integerOption('maxNgram', v.maxNgram, 1, 64);
    integerOption('minNgram', v.minNgram, 1, (v.maxNgram as number | undefined) ?? 3);
  }
  return value as SpeculativeOptions;
}

/** The drafter a request's options call for; `draftRunner` is the engine's draft model, if it loaded one. */
export function createDrafter(
  options: SpeculativeOptions,
  draftRunner: ModelRunner | undefined,
  vocabLimit: number,
): Drafter {
  if (options.type === 'prompt-lookup') {
    return new PromptLookupDrafter({ maxNgram: options.maxNgram, minNgram: options.minNgram });
  }
  if (!draftRunner) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'Draft-model speculation needs an engine created with a draft model: createEngine({ draft: { … } }).',
    );
  }
  return new DraftModelDrafter(draftRunner, { vocabLimit });
}
