/** The prefix WordPiece puts on pieces that continue a word. */
export const CONTINUING_PREFIX = '##';

/** A word being merged: its pieces, and how often the word occurs. */
interface SplitWord {
  pieces: string[];
  count: number;
}

function mergedPiece(left: string, right: string): string {
  return left + right.slice(CONTINUING_PREFIX.length);
}

/**
 * Trains a WordPiece vocabulary the way Hugging Face's `WordPieceTrainer` does (BPE merges over words split into
 * characters, every non-initial character marked `##`): the alphabet, sorted (word-initial characters, then
 * `##` characters), then the piece made by each merge of the most frequent adjacent pair, until the vocabulary,
 * `reserved` tokens first, holds `vocabSize` entries. Ties go to the pair that sorts first, so the result is
 * deterministic. Throws when the corpus runs out of pairs first.
 */
export function trainWordPiece(
  wordCounts: ReadonlyMap<string, number>,
  vocabSize: number,
  reserved: readonly string[],
): string[] {
  const vocab = new Set<string>(reserved);
  const words: SplitWord[] = [...wordCounts].map(([word, count]) => ({
    pieces: [...word].map((ch, i) => (i === 0 ? ch : CONTINUING_PREFIX + ch)),
    count,
  }));
  const alphabet = new Set(words.flatMap((w) => w.pieces));
  const initial = [...alphabet].filter((p) => !p.startsWith(CONTINUING_PREFIX)).sort();
  const continuing = [...alphabet].filter((p) => p.startsWith(CONTINUING_PREFIX)).sort();
  for (const piece of [...initial, ...continuing]) vocab.add(piece);
  if (vocab.size > vocabSize) {
    throw new RangeError(`vocabSize ${vocabSize} is below the corpus alphabet (${vocab.size} tokens).`);
  }

  while (vocab.size < vocabSize) {
    const pairs = new Map<string, number>();
    for (const { pieces, count } of words) {
      for (let i = 0; i + 1 < pieces.length; i++) {
        const key = `${pieces[i]} ${pieces[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + count);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of pairs) {
      if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined)
      throw new RangeError(`The corpus has only enough pairs for ${vocab.size} tokens.`);
    const [left, right] = best.split(' ');
    const merged = mergedPiece(left, right);
    vocab.add(merged);
    for (const word of words) {
      const next: string[] = [];
      for (let i = 0; i < word.pieces.length; i++) {
        if (i + 1 < word.pieces.length && word.pieces[i] === left && word.pieces[i + 1] === right) {
          next.push(merged);
          i++;
        } else next.push(word.pieces[i]);
      }
      word.pieces = next;
    }
  }
  return [...vocab];
}
