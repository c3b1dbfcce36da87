/**
 * Deterministic pseudo-random token ids in [0, vocabSize): the same on every backend and every run, so a failure
 * reproduces. `seed` picks the sequence.
 */
export function testTokens(vocabSize: number, length: number, seed: number): number[] {
  // mulberry32: tiny, well-mixed, and identical in every JS engine.
  let a = (seed * 0x9e3779b9) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(((t ^ (t >>> 14)) >>> 0) % vocabSize);
  }
  return out;
}

/** Positions `start`, `start + 1`, … for `count` tokens. */
export function consecutivePositions(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
