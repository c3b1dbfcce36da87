/**
 * The largest index in `[from, to]` for which `fits` holds, assuming it holds for a prefix of the range, or
 * `from - 1` if it holds for none. Gallops before bisecting so the probes (token counts) stay close to the
 * answer: a probe never covers much more than twice the text that fits, even in a very long section.
 */
export function lastFitting(from: number, to: number, fits: (index: number) => boolean): number {
  if (from > to || !fits(from)) return from - 1;
  let good = from;
  let bad = to + 1;
  for (let step = 1; good < to; step *= 2) {
    const next = Math.min(good + step, to);
    if (!fits(next)) {
      bad = next;
      break;
    }
    good = next;
  }
  while (bad - good > 1) {
    const middle = good + Math.floor((bad - good) / 2);
    if (fits(middle)) good = middle;
    else bad = middle;
  }
  return good;
}
