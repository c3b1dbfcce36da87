/** A uniform [0, 1) generator. Engines take one per request so a `seed` reproduces a run exactly. */
export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for sampling; the same seed gives the same stream on every platform. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh seed for requests that did not ask for one; reported back so the run can be reproduced. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
