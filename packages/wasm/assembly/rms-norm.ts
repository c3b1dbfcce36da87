import { sumLanes } from './simd-helpers';

/** RMSNorm of each of the `n` rows of x [n, dim]: out = x / sqrt(mean(x^2) + eps) * weight. */
export function rmsNorm(x: usize, weight: usize, out: usize, n: i32, dim: i32, eps: f32): void {
  const d4 = dim & ~3;
  for (let t = 0; t < n; t++) {
    const row = x + ((<usize>t * <usize>dim) << 2);
    const dst = out + ((<usize>t * <usize>dim) << 2);
    let acc = f32x4.splat(0);
    for (let k = 0; k < d4; k += 4) {
      const v = v128.load(row + ((<usize>k) << 2));
      acc = f32x4.add(acc, f32x4.mul(v, v));
    }
    let tail: f32 = 0;
    for (let k = d4; k < dim; k++) {
      const v = load<f32>(row + ((<usize>k) << 2));
      tail += v * v;
    }
    const scale: f32 = <f32>1 / Mathf.sqrt((sumLanes(acc) + tail) / <f32>dim + eps);
    const s = f32x4.splat(scale);
    for (let k = 0; k < d4; k += 4) {
      const o = (<usize>k) << 2;
      v128.store(dst + o, f32x4.mul(f32x4.mul(v128.load(row + o), s), v128.load(weight + o)));
    }
    for (let k = d4; k < dim; k++) {
      const o = (<usize>k) << 2;
      store<f32>(dst + o, load<f32>(row + o) * scale * load<f32>(weight + o));
    }
  }
}
