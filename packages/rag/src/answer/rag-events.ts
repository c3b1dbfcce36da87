import type { FinishEvent } from '@pocketlm/core';
import type { RetrievedChunk } from '../document.js';
import type { Citation } from './citations.js';

/** The chunks retrieved and packed into the prompt, before generation starts. */
export interface RetrievalEvent {
  type: 'retrieval';
  /** Packed chunks, numbered from 1 in this order. */
  chunks: RetrievedChunk[];
  /** Retrieved but left out: they did not fit the token budget. */
  dropped: number;
  contextTokens: number;
}

export interface RagTextDeltaEvent {
  type: 'text-delta';
  text: string;
}

/** The answer cited a chunk (`[n]`), reported once, when first seen. */
export interface CitationEvent {
  type: 'citation';
  citation: Citation;
}

/** The generation's finish, with the citations the answer used (and every packed chunk as `sources`). */
export interface RagFinishEvent extends Omit<FinishEvent, 'type'> {
  type: 'finish';
  citations: Citation[];
  sources: Citation[];
}

export type RagEvent = RetrievalEvent | RagTextDeltaEvent | CitationEvent | RagFinishEvent;
