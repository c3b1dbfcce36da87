/** Fills cos and sin [positions.length, headDim / 2] for the given positions (angles rounded to f32 first). */
export function fillRopeTables(
  invFreq: Float32Array,
  positions: ArrayLike<number>,
  cos: Float32Array,
  sin: Float32Array,
  rowOffset: number,
): void {
  const half = invFreq.length;
  for (let t = 0; t < positions.length; t++) {
    const base = (rowOffset + t) * half;
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(positions[t] * invFreq[i]);
      cos[base + i] = Math.cos(angle);
      sin[base + i] = Math.sin(angle);
    }
  }
}
