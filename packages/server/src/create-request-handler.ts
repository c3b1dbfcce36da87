import type { IncomingMessage, ServerResponse } from 'node:http';
import { PocketLMError } from '@pocketlm/core';
import { checkApiKey } from './http/check-api-key.js';
import { applyCors } from './http/cors.js';
import { HttpError } from './http/http-error.js';
import { RateLimiter } from './http/rate-limiter.js';
import { readJsonBody } from './http/read-json-body.js';
import { sendError } from './http/send-json.js';
import { toHttpError } from './http/to-http-error.js';
import { chatCompletions } from './routes/chat-completions.js';
import { completions } from './routes/completions.js';
import { embeddings } from './routes/embeddings.js';
import { health } from './routes/health.js';
import { lookupModel } from './routes/lookup-model.js';
import { listModels, retrieveModel } from './routes/models.js';
import type { RouteContext } from './routes/route-context.js';
import { DEFAULT_MAX_BODY_BYTES, type RequestHandlerOptions } from './server-options.js';

/** The server's `(req, res)` handler, to mount in your own `http.createServer` (or under a prefix you strip). */
export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests being answered now. */
  readonly activeRequests: number;
  /** Refuse new `/v1` requests with 503 (shutdown has begun); `/health` reports `draining`. */
  drain(): void;
  /** Aborts every in-flight request: generations stop and free their KV, streams end. */
  abortAll(): void;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
}

type Route = (ctx: RouteContext) => void | Promise<void>;

/**
 * Builds the OpenAI-compatible request handler: `/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`,
 * `/v1/models`, `/v1/models/:id` and `/health`.
 *
 * @throws PocketLMError `INVALID_OPTIONS` for no models, a model with neither generator nor embedder, or bad limits.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  validateOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter = options.rateLimit && new RateLimiter(options.rateLimit.requestsPerMinute);
  const log = options.log ?? (() => {});
  const inFlight = new Set<AbortController>();
  let idleWaiters: (() => void)[] = [];
  let draining = false;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const controller = new AbortController();
    inFlight.add(controller);
    // 'close' fires when the response is done or the client went away; either way the work must stop.
    res.once('close', () =>
      controller.abort(new PocketLMError('ABORTED', 'The client closed the connection.')),
    );
    handle(req, res, controller.signal)
      .catch((error: unknown) => {
        const httpError = toHttpError(error);
        // A client that went away mid-request is not a server error worth a stack trace.
        if (httpError.status >= 500 && !(error instanceof HttpError) && !controller.signal.aborted)
          log(`error: ${(error as Error)?.stack ?? error}`);
        if (!res.destroyed) sendError(res, httpError);
      })
      .finally(() => {
        log(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
        inFlight.delete(controller);
        if (inFlight.size === 0) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    if (options.corsOrigin !== undefined && applyCors(req, res, options.corsOrigin)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const ctx: RouteContext = {
      req,
      res,
      signal,
      models: options.models,
      readBody: () => readJsonBody(req, maxBodyBytes),
      generatorFor: (model) => lookupModel(options.models, model, 'generator'),
      embedderFor: (model) => lookupModel(options.models, model, 'embedder'),
      log,
    };
    if (path === '/health') {
      allow(req, 'GET');
      return health(ctx, { activeRequests: inFlight.size - 1, draining });
    }
    const route = findRoute(req, path, ctx);
    if (draining) {
      throw new HttpError(503, 'The server is shutting down.', {
        code: 'DISPOSED',
        headers: { Connection: 'close' },
      });
    }
    // Counted before the key is checked, so the limit also slows down guessing keys.
    limiter?.take(req.socket.remoteAddress ?? 'unknown');
    if (options.apiKey !== undefined) checkApiKey(req, options.apiKey);
    await route(ctx);
  }

  return Object.assign(handler, {
    get activeRequests() {
      return inFlight.size;
    },
    drain() {
      draining = true;
    },
    abortAll() {
      for (const c of inFlight) c.abort(new PocketLMError('ABORTED', 'The server is shutting down.'));
    },
    idle() {
      return inFlight.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  });
}

function findRoute(req: IncomingMessage, path: string, ctx: RouteContext): Route {
  if (path === '/v1/chat/completions') return allow(req, 'POST', chatCompletions);
  if (path === '/v1/completions') return allow(req, 'POST', completions);
  if (path === '/v1/embeddings') return allow(req, 'POST', embeddings);
  if (path === '/v1/models') return allow(req, 'GET', listModels);
  const model = /^\/v1\/models\/(.+)$/.exec(path);
  if (model) {
    ctx.param = decodeURIComponent(model[1]);
    return allow(req, 'GET', retrieveModel);
  }
  throw new HttpError(404, `Unknown route ${req.method} ${path}.`, { code: null });
}

function allow(req: IncomingMessage, method: string, route?: Route): Route {
  if (req.method !== method) {
    throw new HttpError(405, `${req.url} takes ${method}, not ${req.method}.`, {
      headers: { Allow: method },
    });
  }
  return route ?? (() => {});
}

function validateOptions(options: RequestHandlerOptions): void {
  const invalid = (message: string) => new PocketLMError('INVALID_OPTIONS', message);
  const ids = Object.keys(options?.models ?? {});
  if (ids.length === 0) throw invalid('The server needs at least one model in "models".');
  for (const id of ids) {
    const m = options.models[id];
    if (!m?.generator && !m?.embedder) throw invalid(`Model "${id}" needs a "generator" or an "embedder".`);
  }
  const { maxBodyBytes, apiKey } = options;
  if (maxBodyBytes !== undefined && (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0)) {
    throw invalid(`"maxBodyBytes" must be a positive integer, got ${maxBodyBytes}.`);
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw invalid('"apiKey" must be a non-empty string.');
  }
  const origins = options.corsOrigin === undefined ? [] : [options.corsOrigin].flat();
  if (origins.some((o) => typeof o !== 'string' || o === '')) {
    throw invalid('"corsOrigin" must be "*", an origin, or a list of origins.');
  }
}
