/**
 * A tiny seeded pseudo-random generator (mulberry32): 32 bits of state, uniform floats in [0, 1).
 *
 * Fixtures must be byte-identical for the same seed on every machine and Node version, so they never touch
 * `Math.random`. The model writer reuses this generator so tokenizer and weights come from one kind of seed.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) drawn from a generator made by {@link mulberry32}. */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
