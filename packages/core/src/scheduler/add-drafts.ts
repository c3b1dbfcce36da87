import type { ActiveSequence } from './active-sequence.js';
import type { StepItem } from './plan-step.js';

/**
 * Asks the drafter of every speculating decode in a step for drafts and appends them to the item's tokens, within
 * the room left by the model's positions and the task's `maxNewTokens` (its KV reservation). Drafters run one after
 * another: a draft model shared by several sequences is never asked to run two forwards at once.
 *
 * @returns The sequences whose drafter failed (not by abort), with the error, for the caller to finish.
 */
export async function addDrafts(
  items: StepItem[],
  maxPositions: number,
): Promise<Array<{ seq: ActiveSequence; error: unknown }>> {
  const failed: Array<{ seq: ActiveSequence; error: unknown }> = [];
  for (const item of items) {
    const { seq } = item;
    if (item.kind !== 'decode' || !seq.speculation) continue;
    const { cache, maxNewTokens, signal } = seq.task;
    try {
      item.drafts = await seq.speculation.draft(cache, { maxPositions, maxNewTokens, fed: seq.fed }, signal);
      item.tokens = [item.tokens[0], ...item.drafts];
    } catch (error) {
      // An aborted sequence leaves at the step boundary like any other; it just has no drafts.
      if (!signal?.aborted) failed.push({ seq, error });
    }
  }
  return failed;
}
