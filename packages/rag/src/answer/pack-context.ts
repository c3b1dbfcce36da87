import type { RetrievedChunk } from '../document.js';

/** Chunks chosen for a prompt, numbered from 1 in the order they appear in it. */
export interface PackedContext {
  chunks: RetrievedChunk[];
  /** The context block: `[1] (source › heading)\ntext`, one per chunk. */
  text: string;
  tokens: number;
}

/** How a chunk is shown to the model: its number, where it comes from, its text. */
export function formatChunk(chunk: RetrievedChunk, n: number): string {
  const where = [chunk.source, ...chunk.headings].join(' › ') + (chunk.page ? ` (page ${chunk.page})` : '');
  return `[${n}] (${where})\n${chunk.text.trim()}`;
}

/**
 * Packs the best chunks into a token budget: in rank order, each chunk that still fits is taken (a long one that
 * does not is skipped for shorter ones below it), so the prompt holds the most evidence the budget allows rather
 * than everything retrieved.
 */
export function packContext(
  ranked: readonly RetrievedChunk[],
  budgetTokens: number,
  countTokens: (text: string) => number,
): PackedContext {
  const chosen: RetrievedChunk[] = [];
  const parts: string[] = [];
  let tokens = 0;
  for (const chunk of ranked) {
    const part = formatChunk(chunk, chosen.length + 1);
    const cost = countTokens(`${part}\n\n`);
    if (tokens + cost > budgetTokens) continue;
    chosen.push(chunk);
    parts.push(part);
    tokens += cost;
  }
  return { chunks: chosen, text: parts.join('\n\n'), tokens };
}
