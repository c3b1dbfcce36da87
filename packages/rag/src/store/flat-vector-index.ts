/** A vector search hit: the chunk id and its cosine similarity to the query. */
export interface VectorHit {
  id: string;
  score: number;
}

/**
 * Exact cosine search by a flat scan over one Float32Array per chunk, norms precomputed. We scan ourselves rather
 * than through Orama's vector field because Orama 3.1 only accepts `number[]` documents (8 bytes per float, kept
 * in its document store on top of its own Float32Array copy), and its search sorts every candidate for a top-10.
 * Its index is the same flat scan, so nothing approximate is lost; an ANN index can replace this behind VectorStore.
 */
export class FlatVectorIndex {
  private readonly vectors = new Map<string, { vector: Float32Array; norm: number }>();

  constructor(readonly dimensions: number) {}

  get size(): number {
    return this.vectors.size;
  }

  /** Adds or replaces `id`; the array is kept, not copied. */
  set(id: string, vector: Float32Array): void {
    this.vectors.set(id, { vector, norm: Math.sqrt(dot(vector, vector, this.dimensions)) });
  }

  get(id: string): Float32Array | undefined {
    return this.vectors.get(id)?.vector;
  }

  delete(id: string): void {
    this.vectors.delete(id);
  }

  /** The `limit` most similar vectors among those `accept` lets through, best first. Zero vectors never match. */
  search(query: Float32Array, limit: number, accept?: (id: string) => boolean): VectorHit[] {
    const top: VectorHit[] = []; // sorted best first; insertion is cheap because few candidates beat the k-th
    const queryNorm = Math.sqrt(dot(query, query, this.dimensions));
    if (limit <= 0 || queryNorm === 0) return top;
    for (const [id, { vector, norm }] of this.vectors) {
      if (norm === 0 || (accept && !accept(id))) continue;
      const score = dot(query, vector, this.dimensions) / (queryNorm * norm);
      if (top.length === limit && score <= top[limit - 1].score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < score) at--;
      top.splice(at, 0, { id, score });
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

function dot(a: Float32Array, b: Float32Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] * b[i];
  return sum;
}
