import { describe, expect, it } from 'vitest';
import { poolHiddenStates } from '../src/embedding/pool-hidden-states.js';
import { specialTokenFrame, truncateTokens } from '../src/embedding/truncate-tokens.js';

describe('truncateTokens', () => {
  it('keeps the template around the cut text', () => {
    const frame = specialTokenFrame([2, 10, 11, 12, 13, 3], [10, 11, 12, 13]);
    expect(frame).toEqual({ prefix: [2], suffix: [3] });
    expect(truncateTokens([2, 10, 11, 12, 13, 3], 4, frame)).toEqual([2, 10, 11, 3]);
    expect(truncateTokens([2, 10, 3], 4, frame)).toEqual([2, 10, 3]);
  });

  it('cuts at the end without a frame, or when the specials alone fill maxLength', () => {
    expect(specialTokenFrame([2, 9, 3], [10])).toBeUndefined();
    expect(truncateTokens([2, 10, 11, 3], 3, undefined)).toEqual([2, 10, 11]);
    expect(truncateTokens([2, 10, 11, 3], 2, { prefix: [2], suffix: [3] })).toEqual([2, 10]);
  });
});

describe('poolHiddenStates', () => {
  const states = Float32Array.from([3, 0, 1, 4]);
  it('means, takes the first token, and normalizes', () => {
    expect(Array.from(poolHiddenStates(states, 2, 'mean', false))).toEqual([2, 2]);
    expect(Array.from(poolHiddenStates(states, 2, 'cls', false))).toEqual([3, 0]);
    expect(Array.from(poolHiddenStates(states, 2, 'cls', true))).toEqual([1, 0]);
  });

  it('leaves an all-zero vector zero instead of NaN', () => {
    expect(Array.from(poolHiddenStates(new Float32Array(4), 2, 'mean', true))).toEqual([0, 0]);
  });
});
