import { type CreateEngineOptions, createEngine, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { createPocketLM, type PocketLMProvider } from '../src/index.js';

/** A real engine (node backend, random-weight tiny fixture, one thread so runs repeat); `options` override. */
export async function tinyEngine(options: Partial<CreateEngineOptions> = {}): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny'),
    ...options,
  });
}

/** A test file's beforeAll: the tiny engine and a provider over it (dispose the engine in afterAll). */
export async function tinyProvider(): Promise<{ engine: Engine; pocketlm: PocketLMProvider }> {
  const engine = await tinyEngine();
  return { engine, pocketlm: createPocketLM({ generator: engine }) };
}
