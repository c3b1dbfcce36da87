import { createEngine, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import OpenAI from 'openai';
import { type RunningServer, type ServerOptions, startServer } from '../src/index.js';

/** A real engine on the tiny fixture (one thread, so runs repeat). */
export async function tinyEngine(): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny'),
  });
}

/** A server on a free port over `engine` as model "tiny", and an `openai` client pointed at it. */
export async function liveServer(
  engine: Engine,
  options: Partial<ServerOptions> = {},
): Promise<{ server: RunningServer; client: OpenAI }> {
  const server = await startServer({ models: { tiny: { generator: engine } }, port: 0, ...options });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: options.apiKey ?? 'none', maxRetries: 0 });
  return { server, client };
}
