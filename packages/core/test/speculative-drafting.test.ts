import { describe, expect, it } from 'vitest';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import { PromptLookupDrafter } from '../src/speculative/prompt-lookup-drafter.js';
import { validateSpeculativeOptions } from '../src/speculative/speculative-options.js';
import { dropFromPosition, verifyDrafts } from '../src/speculative/verify-drafts.js';

describe('PromptLookupDrafter', () => {
  const drafter = new PromptLookupDrafter({ maxNgram: 3 });

  it('proposes what followed the most recent earlier occurrence of the suffix', () => {
    expect(drafter.propose([1, 2, 3, 9, 9, 1, 2, 3, 4, 5, 1, 2, 3], 3)).toEqual([4, 5, 1]);
  });

  it('prefers the longest matching n-gram', () => {
    // The 1-gram [3] last occurred before 7; the 2-gram [2, 3] before 4.
    expect(drafter.propose([2, 3, 4, 0, 3, 7, 2, 3], 2)).toEqual([4, 0]);
  });

  it('stops at the end of the history and proposes nothing without a match', () => {
    expect(drafter.propose([5, 6, 5], 4)).toEqual([6, 5]);
    expect(drafter.propose([1, 2, 3, 4], 4)).toEqual([]);
    expect(drafter.propose([7], 4)).toEqual([]);
  });
});

describe('verifyDrafts', () => {
  const vocab = 4;
  const rows = (...ids: number[]) => {
    const out = new Float32Array(ids.length * vocab);
    ids.forEach((id, r) => {
      out[r * vocab + id] = 1;
    });
    return out;
  };
  const greedy = (row: Float32Array) => ({ next: row.indexOf(1) });

  it('keeps the fed token and the drafts up to the first disagreement', () => {
    expect(verifyDrafts(rows(1, 2, 0, 3), vocab, [1, 2, 3], greedy)).toEqual({
      kept: 3,
      decision: { next: 0 },
    });
    expect(verifyDrafts(rows(1, 2, 3, 3), vocab, [1, 2, 3], greedy)).toEqual({
      kept: 4,
      decision: { next: 3 },
    });
    expect(verifyDrafts(rows(2, 2), vocab, [1], greedy)).toEqual({ kept: 1, decision: { next: 2 } });
  });

  it('stops reading rows when the task is done', () => {
    const seen: number[] = [];
    const result = verifyDrafts(rows(1, 2, 3), vocab, [1, 2], (row) => {
      seen.push(row.indexOf(1));
      return seen.length === 2 ? { done: true } : { next: row.indexOf(1) };
    });
    expect(result).toEqual({ kept: 2, decision: { done: true } });
    expect(seen).toEqual([1, 2]);
  });

  it('dropFromPosition removes the rejected tail by position', () => {
    const cache = new FullKVCache({ numLayers: 1, numKVHeads: 1, headDim: 1 });
    const kv = Float32Array.from([0, 1, 2, 3, 4]);
    cache.append({ positions: [0, 1, 2, 3, 4], keys: [kv], values: [kv] });
    dropFromPosition(cache, 3);
    expect([cache.length, cache.nextPosition]).toEqual([3, 3]);
    dropFromPosition(cache, 9);
    expect(cache.length).toBe(3);
  });
});

describe('validateSpeculativeOptions', () => {
  it('accepts the two kinds and false', () => {
    expect(validateSpeculativeOptions(false)).toBeUndefined();
    expect(validateSpeculativeOptions({ type: 'prompt-lookup', maxDraftTokens: 8 })).toEqual({
      type: 'prompt-lookup',
      maxDraftTokens: 8,
    });
  });

  it('refuses malformed options with INVALID_OPTIONS', () => {
    for (const bad of [true, 'yes', { type: 'medusa' }, { type: 'prompt-lookup', maxDraftTokens: 0 }]) {
      expect(() => validateSpeculativeOptions(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }),
      );
    }
  });
});
