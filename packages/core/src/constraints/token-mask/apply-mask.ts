/**
 * Sets every logit whose bit in `mask` is clear to -Infinity (bit `id % 32` of word `id >> 5`; set =
 * allowed). All-ones words are skipped and runs of all-zero words filled at once, so the cost follows the
 * mask's shape, not the vocabulary size. Logits past the mask's last word are disallowed.
 */
export function applyMask(logits: Float32Array, mask: Uint32Array): void {
  const n = logits.length;
  const words = Math.min(mask.length, (n + 31) >>> 5);
  let w = 0;
  while (w < words) {
    const bits = mask[w];
    if (bits === 0xffffffff) {
      w++;
      continue;
    }
    if (bits === 0) {
      let end = w + 1;
      while (end < words && mask[end] === 0) end++;
      logits.fill(Number.NEGATIVE_INFINITY, w << 5, Math.min(end << 5, n));
      w = end;
      continue;
    }
    const base = w << 5;
    const count = Math.min(32, n - base);
    for (let i = 0; i < count; i++) if ((bits & (1 << i)) === 0) logits[base + i] = Number.NEGATIVE_INFINITY;
    w++;
  }
  if (n > words << 5) logits.fill(Number.NEGATIVE_INFINITY, words << 5);
}
