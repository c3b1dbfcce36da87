/**
 * Rotary position embedding in Hugging Face's rotate_half (GPT-NeoX) layout, in place: for each token t, head h
 * and i < headDim / 2, the pair (x[i], x[i + half]) turns by the angle whose cos and sin are at [t, i] of the
 * tables (computed by the caller from rope_theta and the token's position, so any RoPE scaling stays in TS).
 */
export function rope(
  x: usize,
  n: i32,
  heads: i32,
  headDim: i32,
  rowStride: i32,
  cos: usize,
  sin: usize,
): void {
  const half = headDim >> 1;
  for (let t = 0; t < n; t++) {
    const c0 = cos + ((<usize>t * <usize>half) << 2);
    const s0 = sin + ((<usize>t * <usize>half) << 2);
    for (let h = 0; h < heads; h++) {
      const base = x + ((<usize>t * <usize>rowStride + <usize>h * <usize>headDim) << 2);
      for (let i = 0; i < half; i++) {
        const c = load<f32>(c0 + ((<usize>i) << 2));
        const s = load<f32>(s0 + ((<usize>i) << 2));
        const pa = base + ((<usize>i) << 2);
        const pb = base + ((<usize>(i + half)) << 2);
        const a = load<f32>(pa);
        const b = load<f32>(pb);
        store<f32>(pa, a * c - b * s);
        store<f32>(pb, b * c + a * s);
      }
    }
  }
}
