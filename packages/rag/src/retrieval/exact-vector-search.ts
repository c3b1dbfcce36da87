/** A brute-force match: the id and its cosine similarity to the query. */
export interface ExactHit {
  id: string;
  score: number;
}

/**
 * Brute-force cosine search: the ground truth an approximate index is measured against (recall@k). Takes any
 * iterable of `[id, vector]`, e.g. a `Map`. O(n · d) per query; meant for measurement, not serving.
 */
export function exactVectorSearch(
  vectors: Iterable<readonly [string, Float32Array]>,
  query: Float32Array,
  limit: number,
): ExactHit[] {
  const queryNorm = Math.sqrt(dot(query, query));
  const top: ExactHit[] = []; // kept sorted, best first, at most `limit` long
  if (limit <= 0) return top;
  for (const [id, vector] of vectors) {
    const score = dot(query, vector) / (queryNorm * Math.sqrt(dot(vector, vector)));
    if (!(score > (top.length < limit ? Number.NEGATIVE_INFINITY : top[top.length - 1].score))) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].score < score) at--;
    top.splice(at, 0, { id, score });
    if (top.length > limit) top.pop();
  }
  return top;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
