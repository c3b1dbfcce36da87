import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type Embedder, PocketLMError, type TextGenerator, wrapEngine } from '@pocketlm/core';
import { type ServedModel, startServer } from '@pocketlm/server';
import { DEFAULT_MODEL_NAME } from '../default-model.js';
import { openEmbedder } from '../open-embedder.js';
import { openEngine } from '../open-engine.js';
import { type CliOptions, definedOnly } from '../parse-cli-options.js';
import { ProgressReporter } from '../progress-reporter.js';

/** The flags `serve` takes besides the shared ones. */
export const SERVE_FLAGS = [
  'host',
  'port',
  'api-key',
  'max-body',
  'rate-limit',
  'embed-model',
  'name',
  'cors',
] as const;

export type ServeFlags = Partial<Record<(typeof SERVE_FLAGS)[number], string>>;

/**
 * `serve [model]`: an OpenAI-compatible server over the model (default: the built-in tiny fixture), and over
 * `--embed-model` for `/v1/embeddings`. Runs until `signal` (SIGINT / SIGTERM), then closes gracefully: requests in
 * flight get a grace period to finish before they are aborted.
 */
export async function serveCommand(
  positionals: string[],
  options: CliOptions,
  flags: ServeFlags,
  signal: AbortSignal,
): Promise<void> {
  const [model, ...extra] = positionals;
  if (extra.length > 0) {
    throw new PocketLMError('INVALID_OPTIONS', `serve takes one model, got "${positionals.join('", "')}".`);
  }
  const port = integerFlag('port', flags.port, 0, 65535) ?? 8080;
  const maxBodyBytes = integerFlag('max-body', flags['max-body'], 1);
  const perMinute = integerFlag('rate-limit', flags['rate-limit'], 1);
  const apiKey = flags['api-key'] ?? process.env.POCKETLM_API_KEY;
  const progress = new ProgressReporter({ quiet: options.quiet });
  const engine = await openEngine(model, options, progress);
  let embedder: Embedder | undefined;
  try {
    if (flags['embed-model']) embedder = await openEmbedder(flags['embed-model'], options, progress);
    // --max-tokens, --temperature… become defaults for requests that do not set them.
    const defaults = definedOnly({ ...options.generate });
    const generator = wrapEngine(engine, { transformRequest: (request) => ({ ...defaults, ...request }) });
    const models = servedModels(flags.name ?? modelId(model), generator, flags['embed-model'], embedder);
    const server = await startServer({
      models,
      host: flags.host,
      port,
      apiKey,
      maxBodyBytes,
      rateLimit: perMinute === undefined ? undefined : { requestsPerMinute: perMinute },
      corsOrigin: flags.cors?.split(',').map((o) => o.trim()),
      log: options.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    const names = Object.keys(models).join(', ');
    process.stdout.write(`pocketlm: serving ${names} at ${server.url}/v1 (Ctrl+C to stop)\n`);
    await new Promise<void>((done) => {
      if (signal.aborted) done();
      else signal.addEventListener('abort', () => done(), { once: true });
    });
    process.stderr.write('pocketlm: shutting down, letting requests in flight finish…\n');
    await server.close();
  } finally {
    await embedder?.dispose();
    await engine.dispose();
  }
}

/** The id clients send as `model`: the directory's name, the hub id, or the default fixture's name. */
export function modelId(model: string | undefined): string {
  if (model === undefined) return DEFAULT_MODEL_NAME;
  if (existsSync(model)) return basename(resolve(model));
  if (/^https?:\/\//.test(model)) return model.replace(/\/+$/, '').split('/').pop() ?? model;
  return model;
}

function servedModels(
  id: string,
  generator: TextGenerator,
  embedModel: string | undefined,
  embedder: Embedder | undefined,
): Record<string, ServedModel> {
  const models: Record<string, ServedModel> = { [id]: { generator } };
  if (embedder && embedModel) {
    const embedId = modelId(embedModel);
    // One name serving both is fine: chat goes to the engine, /v1/embeddings to the embedder.
    models[embedId] = definedOnly({ ...models[embedId], embedder });
  }
  return models;
}

function integerFlag(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `--${flag} needs an integer from ${min} to ${max}, got "${value}".`,
    );
  }
  return n;
}
