/** dst[i] += src[i] for `count` f32 values (residual connections). */
export function addInPlace(dst: usize, src: usize, count: i32): void {
  const c4 = count & ~3;
  for (let i = 0; i < c4; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (let i = c4; i < count; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** Adds bias [dim] to each of the n rows of x [n, dim] (attention bias of Qwen2-style models). */
export function addBias(x: usize, bias: usize, n: i32, dim: i32): void {
  for (let t = 0; t < n; t++) addInPlace(x + ((<usize>t * <usize>dim) << 2), bias, dim);
}

/** SwiGLU: out[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + e^-g). */
export function swiglu(gate: usize, up: usize, out: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const o = (<usize>i) << 2;
    const g = load<f32>(gate + o);
    store<f32>(out + o, (g / (<f32>1 + Mathf.exp(-g))) * load<f32>(up + o));
  }
}

/**
 * Copies new keys or values from token-major rows [n, kvHeads * headDim] into a head-major cache region
 * [kvHeads, capacity, headDim] at token index `at`.
 */
export function scatterHeads(
  src: usize,
  dst: usize,
  n: i32,
  kvHeads: i32,
  headDim: i32,
  capacity: i32,
  at: i32,
): void {
  const bytes = (<usize>headDim) << 2;
  for (let t = 0; t < n; t++) {
    for (let h = 0; h < kvHeads; h++) {
      const from = src + (<usize>t * <usize>kvHeads + <usize>h) * bytes;
      const to = dst + (<usize>h * <usize>capacity + <usize>(at + t)) * bytes;
      memory.copy(to, from, bytes);
    }
  }
}
