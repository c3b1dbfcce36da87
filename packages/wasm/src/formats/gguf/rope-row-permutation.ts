/**
 * llama.cpp's converter (`convert_hf_to_gguf.py`, `LlamaModel.permute`) reorders the rows of the Q and K
 * projections for its RoPE layout: `w.reshape(nHead, 2, rows / nHead / 2, cols).swapaxes(1, 2)`. Within each
 * head of `headDim` rows, HF row `s * headDim/2 + i` (s = 0 for the first half, 1 for the second) is stored as
 * GGUF row `2 * i + s`, i.e. the two rotated halves are interleaved.
 */
export function ggufRowOfHfRow(hfRow: number, headDim: number): number {
  const half = headDim / 2;
  const head = Math.floor(hfRow / headDim);
  const within = hfRow % headDim;
  const s = within < half ? 0 : 1;
  return head * headDim + 2 * (within - s * half) + s;
}

/**
 * Reorders whole rows of `bytes` (each `rowBytes` long; works on F32/F16 rows and on Q8_0/Q4_0 block rows, since
 * blocks never span rows). `toHf` undoes llama.cpp's permutation; `false` applies it (for writers).
 */
export function permuteRopeRows(bytes: Uint8Array, rows: number, nHead: number, toHf: boolean): Uint8Array {
  const headDim = rows / nHead;
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    throw new RangeError(`permuteRopeRows: ${rows} rows do not split into ${nHead} heads of even size.`);
  }
  const rowBytes = bytes.length / rows;
  if (!Number.isInteger(rowBytes)) {
    throw new RangeError(`permuteRopeRows: ${bytes.length} bytes do not split into ${rows} rows.`);
  }
  const out = new Uint8Array(bytes.length);
  for (let hf = 0; hf < rows; hf++) {
    const gguf = ggufRowOfHfRow(hf, headDim);
    const [from, to] = toHf ? [gguf, hf] : [hf, gguf];
    out.set(bytes.subarray(from * rowBytes, (from + 1) * rowBytes), to * rowBytes);
  }
  return out;
}
