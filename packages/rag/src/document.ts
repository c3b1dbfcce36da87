/** A loaded document: its text and where it came from. */
export interface RagDocument {
  /** Stable id of the source (a path relative to the indexed folder, a URL). */
  source: string;
  text: string;
  /** `text`, `markdown`, `html`, `pdf`. */
  kind: string;
  /** A content hash, so re-indexing can skip unchanged documents. */
  hash: string;
  /** Title, page count, … */
  metadata?: Record<string, string | number | boolean>;
}

/** A piece of a document small enough to embed and to put into a prompt. */
export interface Chunk {
  /** `source#index`: stable while the document does not change. */
  id: string;
  source: string;
  /** The document's kind and content hash (kept per chunk, so the store knows what each source was). */
  kind: string;
  hash: string;
  text: string;
  /** UTF-16 offsets of `text` in the document's text. */
  start: number;
  end: number;
  /** The Markdown/HTML headings above the chunk, outermost first. */
  headings: string[];
  /** The PDF page the chunk starts on, when known. */
  page?: number;
  tokens: number;
}

/** A chunk found for a query, with how it ranked. */
export interface RetrievedChunk extends Chunk {
  /** The fused score (higher is better). */
  score: number;
  /** 1-based ranks in the lexical and vector lists (undefined: not in that list). */
  lexicalRank?: number;
  vectorRank?: number;
}
