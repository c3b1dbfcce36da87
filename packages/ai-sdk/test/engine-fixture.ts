import { createEngine, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';

/** A real engine (node backend, random-weight tiny fixture, one thread so runs repeat). */
export async function tinyEngine(): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny'),
  });
}
