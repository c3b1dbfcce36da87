import { PocketLMError } from '@pocketlm/core';
import type { RetrievedChunk } from '../document.js';
import type { ChunkFilter, StoreHit, VectorStore } from '../store/vector-store.js';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';

/** Options for {@link hybridSearch}. */
export interface HybridSearchOptions {
  /** The query text, for BM25. */
  text: string;
  /** The query's embedding, for vector search. */
  vector: Float32Array;
  /** How many fused chunks to return. */
  limit: number;
  filter?: ChunkFilter;
  /** RRF's damping constant; 60 is the value from the original paper and what most engines use. */
  k?: number;
  /** How deep each list is read before fusing; default `max(4 × limit, 20)`. */
  candidates?: number;
}

/**
 * Lexical (BM25) + vector retrieval fused by reciprocal rank: exact words (names, codes, rare terms) and
 * paraphrases both reach the top without tuning weights between two unrelated score scales.
 */
export async function hybridSearch(
  store: VectorStore,
  options: HybridSearchOptions,
): Promise<RetrievedChunk[]> {
  const { text, vector, limit, filter, k = 60 } = options;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new PocketLMError('INVALID_OPTIONS', `"limit" must be an integer ≥ 0, got ${limit}.`, {
      details: { limit },
    });
  }
  if (!(k >= 0)) throw new PocketLMError('INVALID_OPTIONS', `"k" must be ≥ 0, got ${k}.`, { details: { k } });
  if (limit === 0) return [];
  const depth = options.candidates ?? Math.max(4 * limit, 20);
  const [lexical, semantic] = await Promise.all([
    store.searchText(text, { limit: depth, filter }),
    store.searchVector(vector, { limit: depth, filter }),
  ]);
  return reciprocalRankFusion<StoreHit>([lexical, semantic], (hit) => hit.chunk.id, k)
    .slice(0, limit)
    .map(({ item, score, ranks: [lexicalRank, vectorRank] }) => ({
      ...item.chunk,
      score,
      lexicalRank,
      vectorRank,
    }));
}
