import type { Embedder, TextGenerator } from '@pocketlm/core';

/** One model the server offers under a name: a generator for completions, and optionally an embedder. */
export interface ServedModel {
  /** An `Engine` (or an engine wrapped in middleware) that answers `/v1/chat/completions` and `/v1/completions`. */
  generator?: TextGenerator;
  /** An embedder (`createEmbedder` in `@pocketlm/core`) that answers `/v1/embeddings` under this name. */
  embedder?: Embedder;
}

/** Limits and options shared by `startServer` and `createRequestHandler`. */
export interface RequestHandlerOptions {
  /** The models clients name in `model`, by id. At least one; each has a generator, an embedder or both. */
  models: Record<string, ServedModel>;
  /** When set, every `/v1` request needs `Authorization: Bearer <apiKey>` (401 otherwise). `/health` stays open. */
  apiKey?: string;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Requests per minute per client address on `/v1` routes (a sliding one-minute window; 429 beyond it). */
  rateLimit?: { requestsPerMinute: number };
  /**
   * Let browser pages on these origins call the server (`'*'` for any): CORS headers on every response, and
   * `OPTIONS` preflights answered. Default: no CORS headers, so browsers refuse cross-origin calls.
   */
  corsOrigin?: string | string[];
  /** One line per request and lifecycle event (default: silent). */
  log?: (line: string) => void;
}

/** Options of `startServer`. */
export interface ServerOptions extends RequestHandlerOptions {
  /** Interface to listen on (default `127.0.0.1`: reachable from this machine only). */
  host?: string;
  /** Port to listen on (default 8080; 0 picks a free one, read it back from `RunningServer.port`). */
  port?: number;
  /** How long `close()` lets in-flight requests finish before aborting them (default 5000 ms). */
  shutdownGraceMs?: number;
  /** Aborting it closes the server as `close()` does. */
  signal?: AbortSignal;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`; OpenAI clients use `${url}/v1` as their base URL. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish for `graceMs` (default: the server's
   * `shutdownGraceMs`), then aborts the rest (their generations stop and free their KV) and resolves once every
   * connection is closed. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SHUTDOWN_GRACE_MS = 5000;
