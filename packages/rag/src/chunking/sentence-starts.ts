const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'sentence' })
    : undefined;

/** Longest stretch handed to the segmenter at once: its iterator slows down quadratically with input length. */
const WINDOW = 2048;

/**
 * Offsets in `text[from, to)` where a sentence starts (not counting `from`), by Intl.Segmenter (Node 20 and
 * browsers; no sentence breaks where it is missing). Long text is segmented in windows that restart at the last
 * sentence start found, so a window edge does not invent or hide boundaries and the cost stays linear.
 */
export function sentenceStarts(text: string, from: number, to: number): number[] {
  if (!segmenter) return [];
  const starts: number[] = [];
  let windowStart = from;
  while (windowStart < to) {
    const windowEnd = Math.min(to, windowStart + WINDOW);
    const found: number[] = [];
    for (const { index } of segmenter.segment(text.slice(windowStart, windowEnd))) {
      if (index > 0) found.push(windowStart + index);
    }
    if (windowEnd >= to) {
      starts.push(...found);
      break;
    }
    // The last boundary was judged without the text past the window edge: keep it only if nothing earlier
    // can be the restart point, else find it again from the previous boundary with the full context.
    if (found.length >= 2) found.pop();
    starts.push(...found);
    windowStart = found.length > 0 ? found[found.length - 1] : windowEnd;
  }
  return starts;
}
