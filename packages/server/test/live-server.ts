import { type CreateEngineOptions, createEngine, type Engine, type TextGenerator } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import OpenAI from 'openai';
import { type RunningServer, type ServerOptions, startServer } from '../src/index.js';

/** A real engine on the tiny fixture (one thread, so runs repeat); `options` override (say, another model dir). */
export async function tinyEngine(options: Partial<CreateEngineOptions> = {}): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny'),
    ...options,
  });
}

/** A server on a free port over `engine` as model "tiny", and an `openai` client pointed at it. */
export async function liveServer(
  engine: TextGenerator,
  options: Partial<ServerOptions> = {},
): Promise<{ server: RunningServer; client: OpenAI }> {
  const server = await startServer({ models: { tiny: { generator: engine } }, port: 0, ...options });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: options.apiKey ?? 'none', maxRetries: 0 });
  return { server, client };
}

/**
 * A test file's beforeAll: the tiny engine and a live server over it (or over `wrap(engine)`, say the engine
 * behind a middleware). Pair it with {@link closeAll} in afterAll.
 */
export async function tinyServer(
  options: Partial<ServerOptions> = {},
  wrap: (engine: Engine) => TextGenerator = (engine) => engine,
): Promise<{ engine: Engine; server: RunningServer; client: OpenAI }> {
  const engine = await tinyEngine();
  return { engine, ...(await liveServer(wrap(engine), options)) };
}

/** A test file's afterAll: closes the server first (it may still stream from the engine), then the engines. */
export async function closeAll(
  server: RunningServer | undefined,
  ...disposables: ({ dispose(): Promise<void> } | undefined)[]
): Promise<void> {
  await server?.close();
  for (const resource of disposables) await resource?.dispose();
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response and error bodies.
type Json = any;

/** POSTs a raw body (a string is sent as is) and returns the status, headers and parsed JSON answer. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  json: Json;
}> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** Requests the engine's scheduler has waiting or running: 0 once every generation has been freed. */
export function schedulerPending(engine: Engine): number {
  // Not public API: the test reaches in to prove an aborted request left nothing behind in the scheduler.
  return (engine as unknown as { rt: { scheduler: { pending: number } } }).rt.scheduler.pending;
}

/** Polls `check` every 20 ms until it holds (the test's timeout bounds the wait). */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}
