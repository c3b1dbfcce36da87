import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Embedder, TextGenerator } from '@pocketlm/core';
import type { ServedModel } from '../server-options.js';

/** What a route handler gets: the exchange, a signal for the work it starts, and the served models. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborts when the client disconnects or the server's shutdown grace period ends. */
  signal: AbortSignal;
  /** The path's parameter, for `/v1/models/:id`. */
  param?: string;
  models: Record<string, ServedModel>;
  /** Reads and parses the JSON body under the size limit. */
  readBody(): Promise<unknown>;
  /** The generator serving `model`, or 404 (unknown model) / 400 (an embeddings-only model). */
  generatorFor(model: string): TextGenerator;
  /** The embedder serving `model`, or 404 / 400 (a model without one). */
  embedderFor(model: string): Embedder;
  log(line: string): void;
}
