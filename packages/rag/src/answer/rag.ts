import type { ChatMessage, GenerateOptions, TextGenerator } from '@pocketlm/core';
import { PocketLMError } from '@pocketlm/core';
import type { ChunkableDocument } from '../chunking/chunk-document.js';
import type { Chunk, RetrievedChunk } from '../document.js';
import { hybridSearch } from '../retrieval/hybrid-search.js';
import type { ChunkFilter, VectorStore } from '../store/vector-store.js';
import { type Citation, citationOf, citedNumbers } from './citations.js';
import { type IndexProgress, type IndexReport, indexDocuments } from './index-documents.js';
import { packContext } from './pack-context.js';
import type { RagEmbedder } from './rag-embedder.js';
import type { RagEvent } from './rag-events.js';

export interface RagOptions {
  embedder: RagEmbedder;
  store: VectorStore;
  /** Splits a document into chunks (`chunkDocument` with the embedder's token counter, usually). */
  chunk: (doc: ChunkableDocument) => Chunk[];
}

export interface RetrieveOptions {
  /** Chunks to return (default 8). */
  limit?: number;
  filter?: ChunkFilter;
  signal?: AbortSignal;
}

export interface AnswerOptions extends Omit<GenerateOptions, 'responseFormat'> {
  /** The model that answers (an engine, or an engine behind middleware such as a guard). */
  engine: TextGenerator;
  /** Tokens of retrieved text the prompt may hold (default: a third of the context, at most 2048). */
  maxContextTokens?: number;
  /** Chunks retrieved before packing (default 20). */
  retrieve?: number;
  filter?: ChunkFilter;
}

const INSTRUCTIONS =
  'Answer the question using only the numbered sources below. Cite every claim with the source number in ' +
  "brackets, like [1] or [2, 3]. If the sources do not contain the answer, say that you don't know.";

/**
 * Retrieval-augmented generation over an embedded store: index documents (incrementally), retrieve by hybrid search
 * (BM25 + vectors, fused by reciprocal rank), and answer with the best chunks packed into a token budget, streaming
 * the answer and the citations it makes.
 */
export class Rag {
  readonly store: VectorStore;
  private readonly embedder: RagEmbedder;
  private readonly chunk: (doc: ChunkableDocument) => Chunk[];

  constructor(options: RagOptions) {
    if (options.embedder.info.dimensions !== options.store.dimensions) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `The embedder makes ${options.embedder.info.dimensions}-dimensional vectors but the store holds ` +
          `${options.store.dimensions}: re-index with this embedder, or open the store it was built with.`,
        { details: { embedder: options.embedder.info.dimensions, store: options.store.dimensions } },
      );
    }
    this.store = options.store;
    this.embedder = options.embedder;
    this.chunk = options.chunk;
  }

  /** Adds or updates documents; unchanged ones (same hash) are skipped. */
  index(
    documents: readonly ChunkableDocument[],
    options: { removeMissing?: boolean; onProgress?: (p: IndexProgress) => void; signal?: AbortSignal } = {},
  ): Promise<IndexReport> {
    return indexDocuments(documents, {
      store: this.store,
      embedder: this.embedder,
      chunk: this.chunk,
      removeMissing: options.removeMissing ?? false,
      onProgress: options.onProgress,
      signal: options.signal,
    });
  }

  /** The best chunks for a question, by hybrid search. */
  async retrieve(question: string, options: RetrieveOptions = {}): Promise<RetrievedChunk[]> {
    const [vector] = await this.embedder.embed([question], { signal: options.signal });
    return hybridSearch(this.store, {
      text: question,
      vector,
      limit: options.limit ?? 8,
      filter: options.filter,
    });
  }

  /**
   * Streams an answer: `retrieval` (the packed chunks), `text-delta`, a `citation` for each source the answer cites
   * (as soon as its `[n]` is complete), then `finish` with the citations and all packed sources.
   */
  async *answer(question: string, options: AnswerOptions): AsyncGenerator<RagEvent> {
    const { engine, maxContextTokens, retrieve, filter, ...generation } = options;
    const ranked = await this.retrieve(question, { limit: retrieve ?? 20, filter, signal: options.signal });
    const budget = maxContextTokens ?? Math.min(2048, Math.floor(engine.info.contextLength / 3));
    const packed = packContext(ranked, budget, (text) => engine.countTokens(text));
    yield {
      type: 'retrieval',
      chunks: packed.chunks,
      dropped: ranked.length - packed.chunks.length,
      contextTokens: packed.tokens,
    };

    const user = `Sources:\n\n${packed.text || '(none found)'}\n\nQuestion: ${question}`;
    const request = engine.tokenizer.hasChatTemplate
      ? {
          messages: [
            { role: 'system', content: INSTRUCTIONS },
            { role: 'user', content: user },
          ] as ChatMessage[],
        }
      : { prompt: `${INSTRUCTIONS}\n\n${user}\n\nAnswer:` };
    const seen = new Set<number>();
    const citations: Citation[] = [];
    let text = '';
    for await (const event of engine.stream({ ...generation, ...request })) {
      if (event.type === 'text-delta') {
        text += event.text;
        yield { type: 'text-delta', text: event.text };
        for (const n of citedNumbers(text, packed.chunks.length, seen)) {
          const citation = citationOf(packed.chunks[n - 1], n);
          citations.push(citation);
          yield { type: 'citation', citation };
        }
      } else if (event.type === 'finish') {
        const { type: _, ...finish } = event;
        yield {
          type: 'finish',
          ...finish,
          citations,
          sources: packed.chunks.map((c, i) => citationOf(c, i + 1)),
        };
      }
    }
  }
}
