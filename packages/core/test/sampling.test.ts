import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { applyPenalties, TokenCounts } from '../src/sampling/apply-penalties.js';
import { argmax, sampleToken } from '../src/sampling/sample-token.js';
import { resolveSampling } from '../src/sampling/sampling-options.js';
import { seededRng } from '../src/sampling/seeded-rng.js';

const logits = () => Float32Array.from([1, 3, 2, 0.5, 2.9, -1]);

function histogram(options: Parameters<typeof resolveSampling>[0], draws = 4000, seed = 7): number[] {
  const s = resolveSampling(options);
  const rng = seededRng(seed);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < draws; i++) counts[sampleToken(logits(), 6, s, rng)]++;
  return counts;
}

describe('sampling', () => {
  it('is greedy at temperature 0 and breaks ties by lowest id', () => {
    expect(sampleToken(logits(), 6, resolveSampling({}), seededRng(1))).toBe(1);
    expect(argmax([2, 5, 5, 1])).toBe(1);
  });

  it('only counts ids below the size (padded vocabulary)', () => {
    expect(argmax(Float32Array.from([1, 2, 9]), 2)).toBe(1);
  });

  it('reproduces a run from the same seed and differs across seeds', () => {
    const s = resolveSampling({ temperature: 1 });
    const run = (seed: number) => {
      const rng = seededRng(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits(), 6, s, rng));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('follows the softmax distribution at temperature 1', () => {
    const counts = histogram({ temperature: 1 }, 20000);
    const raw = Array.from(logits(), (l) => Math.exp(l));
    const z = raw.reduce((a, b) => a + b, 0);
    for (const [i, p] of raw.entries()) expect(Math.abs(counts[i] / 20000 - p / z)).toBeLessThan(0.015);
  });

  it('top-k keeps only the k best', () => {
    const counts = histogram({ temperature: 1, topK: 2 });
    expect(counts[1] + counts[4]).toBe(4000);
  });

  it('top-p keeps the smallest nucleus reaching p', () => {
    // probabilities: id1 .39, id4 .35, id2 .14, id0 .05 …: p=0.7 needs ids 1 and 4.
    const counts = histogram({ temperature: 1, topP: 0.7 });
    expect(counts[1] + counts[4]).toBe(4000);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[4]).toBeGreaterThan(0);
  });

  it('min-p drops tokens far below the best', () => {
    const counts = histogram({ temperature: 1, minP: 0.3 });
    expect(counts[0] + counts[3] + counts[5]).toBe(0);
    expect(counts[2]).toBeGreaterThan(0);
  });

  it('low temperature sharpens towards the argmax', () => {
    const counts = histogram({ temperature: 0.01 });
    expect(counts[1]).toBeGreaterThan(3900);
  });

  it('applies repetition, presence and frequency penalties', () => {
    const l = Float32Array.from([2, -2, 1, 1]);
    const ctx = new TokenCounts();
    ctx.add(0);
    ctx.add(1);
    const gen = new TokenCounts();
    gen.add(2);
    gen.add(2);
    applyPenalties(
      l,
      resolveSampling({ repetitionPenalty: 2, presencePenalty: 0.5, frequencyPenalty: 0.25 }),
      ctx,
      gen,
    );
    expect(Array.from(l)).toEqual([1, -4, 0, 1]);
  });

  it.each([
    [{ temperature: -1 }, 'temperature'],
    [{ temperature: Number.NaN }, 'temperature'],
    [{ topK: 1.5 }, 'topK'],
    [{ topP: 0 }, 'topP'],
    [{ topP: 1.5 }, 'topP'],
    [{ minP: 2 }, 'minP'],
    [{ seed: -3 }, 'seed'],
    [{ temperature: '0.7' as unknown as number }, 'temperature'],
  ])('rejects %j with INVALID_OPTIONS naming the option', (options, name) => {
    try {
      resolveSampling(options);
      expect.unreachable();
    } catch (e) {
      expect(PocketLMError.isInstance(e, 'INVALID_OPTIONS')).toBe(true);
      expect((e as PocketLMError).details?.option).toBe(name);
    }
  });
});

describe('unfiltered temperature sampling (no top-k, top-p or min-p: no sort)', () => {
  it('draws ids in proportion to softmax(logits / T) and never a masked id', () => {
    const logits = Float32Array.from([0, Math.log(2), Number.NEGATIVE_INFINITY, Math.log(3)]);
    const s = resolveSampling({ temperature: 1, seed: 5 });
    const rng = seededRng(5);
    const counts = [0, 0, 0, 0];
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[sampleToken(logits, 4, s, rng)]++;
    expect(counts[2]).toBe(0);
    expect(counts[0] / n).toBeCloseTo(1 / 6, 1);
    expect(counts[1] / n).toBeCloseTo(2 / 6, 1);
    expect(counts[3] / n).toBeCloseTo(3 / 6, 1);
  });
});
