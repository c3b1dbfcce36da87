/** 32-bit FNV-1a hash of a string, used to give every tensor its own stream from one seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One splitmix32 step: scrambles a seed so nearby seeds give unrelated streams. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A small deterministic PRNG (mulberry32 seeded through splitmix32) with a normal sampler (polar Box-Muller).
 * It only uses 32-bit integer arithmetic and V8's deterministic `Math.log`/`Math.sqrt`, so the same seed
 * gives the same numbers on every machine.
 */
export class SeededRandom {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = splitmix32(seed >>> 0);
  }

  /** A generator for a named stream: the same (seed, name) always gives the same numbers. */
  static forStream(seed: number, name: string): SeededRandom {
    return new SeededRandom(splitmix32(seed >>> 0) ^ hashString(name));
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal sample (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const [a, b] = this.normalPair();
    this.spare = b;
    return a;
  }

  /**
   * Two independent standard normals. The polar form of Box-Muller needs no sin/cos, which makes it about twice
   * as fast; generating the 135M weights of the largest fixture is dominated by this.
   */
  private normalPair(): [number, number] {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      return [u * f, v * f];
    }
  }

  /** Fills `out` with `mean + std * N(0, 1)` samples (the same sequence as repeated `normal()`) and returns it. */
  fillNormal(out: Float32Array, std: number, mean = 0): Float32Array {
    let i = 0;
    if (this.spare !== undefined && out.length > 0) out[i++] = mean + std * this.normal();
    // Inlined pair loop: no tuple allocation per pair on the hot path.
    while (i + 1 < out.length) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i] = mean + std * (u * f);
      out[i + 1] = mean + std * (v * f);
      i += 2;
    }
    if (i < out.length) out[i] = mean + std * this.normal();
    return out;
  }
}
