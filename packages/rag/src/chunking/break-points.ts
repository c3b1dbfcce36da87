import { sentenceStarts } from './sentence-starts.js';

/** How strongly a position separates text: the chunker prefers to cut at the strongest one that fits. */
export const BreakStrength = {
  word: 0,
  sentence: 1,
  line: 2,
  paragraph: 3,
} as const;

/** Positions (sorted, ascending) where a chunk may end or begin, each with its strength. */
export interface BreakPoints {
  positions: number[];
  strengths: number[];
}

/**
 * The break points inside `text[from, to)`: every word start, sentence start (Intl.Segmenter, in Node 20 and
 * browsers), line start and paragraph start, plus `extraParagraphs` (PDF page starts). Each is placed after the
 * whitespace it follows, so a chunk cut there never starts with whitespace; `to` is always included. Positions
 * are where whitespace or a segmenter boundary is, so none falls inside a surrogate pair.
 */
export function breakPoints(
  text: string,
  from: number,
  to: number,
  extraParagraphs: number[] = [],
): BreakPoints {
  const strength = new Map<number, number>();
  const mark = (position: number, value: number) => {
    if (position <= from || position > to) return;
    if ((strength.get(position) ?? -1) < value) strength.set(position, value);
  };
  const span = text.slice(from, to);
  for (const match of span.matchAll(/\s+/g)) {
    const end = from + match.index + match[0].length;
    const newlines = match[0].split('\n').length - 1;
    mark(
      end,
      newlines >= 2 ? BreakStrength.paragraph : newlines === 1 ? BreakStrength.line : BreakStrength.word,
    );
  }
  for (const position of sentenceStarts(text, from, to)) mark(position, BreakStrength.sentence);
  for (const position of extraParagraphs) mark(position, BreakStrength.paragraph);
  mark(to, BreakStrength.paragraph);
  const positions = [...strength.keys()].sort((a, b) => a - b);
  return { positions, strengths: positions.map((p) => strength.get(p)!) };
}
