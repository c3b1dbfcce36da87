/** Transposes a row-major [rows, cols] matrix into a new [cols, rows] matrix. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  if (data.length !== rows * cols)
    throw new Error(`transpose2d: ${data.length} values is not ${rows}x${cols}.`);
  const out = new Float32Array(data.length);
  // Blocked so both sides stay cache-friendly on the 49152x576 embedding.
  const B = 64;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) {
        const rowBase = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[rowBase + c];
      }
    }
  }
  return out;
}
