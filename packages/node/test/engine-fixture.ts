import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CreateEngineOptions, createEngine, type Engine } from '@pocketlm/core';
import { ensureFixture } from '@pocketlm/testkit';
import { nodeBackend } from '../src/index.js';

/** The tiny fixture's directory (written once into the git-ignored fixture cache). */
export function tinyDir(): Promise<string> {
  return ensureFixture('tiny');
}

/** An engine on the node backend over the tiny fixture, single-threaded so runs are reproducible. */
export async function tinyEngine(options: Partial<CreateEngineOptions> = {}): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await tinyDir(),
    ...options,
  });
}

/** A private copy of the tiny fixture to break on purpose. */
export async function tinyCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-broken-'));
  await cp(await tinyDir(), dir, { recursive: true });
  return dir;
}
