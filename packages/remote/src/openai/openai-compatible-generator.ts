import {
  abortError,
  type GenerateRequest,
  type GenerateResult,
  PocketLMError,
  resultOf,
  type StreamEvent,
} from '@pocketlm/core';
import type { RemoteGenerator, RemoteGeneratorInfo } from '../remote-generator.js';
import { ChatChunkMapper } from './chat-chunk-mapper.js';
import { completionAsChunk } from './completion-as-chunk.js';
import { IdleTimer } from './idle-timer.js';
import type { OpenAIChatChunk, OpenAIChatCompletion } from './openai-wire.js';
import { readServerSentEvents } from './read-server-sent-events.js';
import { httpErrorOf, remoteError } from './remote-errors.js';
import { toOpenAIChatRequest } from './to-openai-request.js';

/** Default for {@link OpenAICompatibleOptions.timeoutMs}. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

export interface OpenAICompatibleOptions {
  /** The API root, ending in `/v1` as OpenAI SDKs take it: `https://api.example.com/v1`. */
  baseURL: string;
  /** The model name the endpoint serves. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Never copied into errors or annotations. */
  apiKey?: string;
  /** The fetch to call (default: the global one). Inject it for proxies, tests or runtimes without a global. */
  fetch?: typeof globalThis.fetch;
  /**
   * Longest wait, in ms, for the response to start and then between two chunks (default 30 000); past it the
   * request is cancelled with `TIMEOUT`. A long reply that keeps streaming is not cut: cap the total with a
   * `signal` (`AbortSignal.timeout(ms)`) if you need to.
   */
  timeoutMs?: number;
  /** Extra request headers (an organisation id, a gateway's routing key). */
  headers?: Record<string, string>;
}

/**
 * A {@link RemoteGenerator} over any OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, vLLM, llama.cpp's
 * server, Ollama, `pocketlm serve`), always streaming. Failures are typed: unreachable or malformed →
 * `REMOTE_ERROR` (the cause kept), an HTTP error → `REMOTE_ERROR` with `status` and the server's `message` in
 * `details` (429 → `RATE_LIMITED`), silence past `timeoutMs` → `TIMEOUT`, the request's `signal` → `ABORTED`.
 * Breaking out of the stream cancels the HTTP request.
 */
export function createOpenAICompatibleGenerator(options: OpenAICompatibleOptions): RemoteGenerator {
  return new OpenAICompatibleGenerator(options);
}

class OpenAICompatibleGenerator implements RemoteGenerator {
  readonly info: RemoteGeneratorInfo;
  private readonly url: string;
  private readonly fetch: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(options: OpenAICompatibleOptions) {
    const { baseURL, model, apiKey, timeoutMs = DEFAULT_REMOTE_TIMEOUT_MS } = options ?? {};
    if (typeof baseURL !== 'string' || !URL.canParse(baseURL)) {
      throw invalidOption('baseURL', 'must be an absolute URL such as "https://api.example.com/v1"', baseURL);
    }
    if (typeof model !== 'string' || model.length === 0) {
      throw invalidOption('model', 'must be a non-empty string', model);
    }
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw invalidOption('timeoutMs', 'must be a positive number of milliseconds', timeoutMs);
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw invalidOption('fetch', 'must be given where there is no global fetch', undefined);
    }
    this.info = { model, backend: 'openai-compatible' };
    this.url = `${baseURL.replace(/\/+$/, '')}/chat/completions`;
    this.fetch = fetchImpl;
    this.timeoutMs = timeoutMs;
    this.headers = {
      ...options.headers,
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    };
  }

  /** Bad options (an unsupported response format, no input) throw here, before any request is sent. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    const body = JSON.stringify(toOpenAIChatRequest(request, this.info.model));
    return this.run(body, request);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return resultOf(this.stream(request));
  }

  private async *run(body: string, request: GenerateRequest): AsyncGenerator<StreamEvent> {
    const signal = request.signal;
    if (signal?.aborted) throw abortError(signal);
    const startedAt = performance.now();
    // One controller cancels the HTTP request for every reason: the caller's signal, silence, or leaving the loop.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const idle = new IdleTimer(this.timeoutMs, () => controller.abort());
    const mapper = new ChatChunkMapper(startedAt, request.seed ?? 0);
    try {
      const response = await this.fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: controller.signal,
      });
      idle.touch();
      if (!response.ok) throw await httpErrorOf(response, this.url);
      if (!response.body) throw remoteError('The remote endpoint answered with no body.', this.url);
      if (response.headers.get('content-type')?.includes('application/json')) {
        // A server that ignores `stream: true` answers with the whole completion at once.
        const completion = parseRemoteJson(await response.text(), this.url) as OpenAIChatCompletion;
        yield* mapper.push(completionAsChunk(completion), performance.now());
        yield* mapper.end(performance.now());
        return;
      }
      for await (const event of readServerSentEvents(response.body, () => idle.touch())) {
        if (event.data === '[DONE]') break;
        for (const out of mapper.push(parseRemoteJson(event.data, this.url), performance.now())) {
          // Time the caller spends on an event is not the remote's silence.
          idle.pause();
          yield out;
          idle.touch();
        }
      }
      if (!mapper.finished) {
        throw remoteError('The remote stream ended before the answer finished.', this.url);
      }
      yield* mapper.end(performance.now());
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (idle.expired) {
        throw new PocketLMError('TIMEOUT', `The remote endpoint sent nothing for ${this.timeoutMs} ms.`, {
          cause: error,
          details: { url: this.url, timeoutMs: this.timeoutMs },
        });
      }
      if (PocketLMError.isInstance(error)) throw error;
      throw remoteError(`Could not reach the remote endpoint at ${this.url}.`, this.url, error);
    } finally {
      idle.clear();
      signal?.removeEventListener('abort', onAbort);
      // Ending early (the caller broke out, or an error) must not leave the server generating.
      controller.abort();
    }
  }
}

/** A chunk or completion body; an `{ error }` body is the remote's failure, reported as `REMOTE_ERROR`. */
function parseRemoteJson(data: string, url: string): OpenAIChatChunk {
  let chunk: OpenAIChatChunk;
  try {
    chunk = JSON.parse(data) as OpenAIChatChunk;
  } catch (cause) {
    throw remoteError('The remote endpoint sent data that is not JSON.', url, cause, {
      data: data.slice(0, 200),
    });
  }
  if (typeof chunk !== 'object' || chunk === null) {
    throw remoteError('The remote endpoint sent JSON that is not an object.', url);
  }
  if (chunk.error) {
    const message = chunk.error.message ?? 'unknown error';
    throw remoteError(`The remote endpoint failed mid-stream: ${message}`, url, undefined, {
      message,
      type: chunk.error.type,
      code: chunk.error.code,
    });
  }
  return chunk;
}

function invalidOption(option: string, rule: string, value: unknown): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', `"${option}" ${rule}.`, {
    details: { option, value: option === 'apiKey' ? undefined : value },
  });
}
