import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'tsup';
import type { CreateKernelWorker, KernelWorker } from '../src/index.js';
import { fromNodeWorker } from '../src/index.js';

let bundled: Promise<URL> | undefined;

/**
 * The kernel worker script bundled from src/threads/kernel-worker.ts the way tsup bundles it into dist (tests
 * run the sources, where the default environment would look for a kernel-worker.js that only dist has).
 */
export function kernelWorkerScript(): Promise<URL> {
  bundled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pocketlm-kernel-worker-'));
    await build({
      entry: { 'kernel-worker': 'src/threads/kernel-worker.ts' },
      outDir: dir,
      format: ['esm'],
      platform: 'neutral',
      target: 'es2022',
      outExtension: () => ({ js: '.mjs' }),
      dts: false,
      silent: true,
      config: false,
    });
    return pathToFileURL(join(dir, 'kernel-worker.mjs'));
  })();
  return bundled;
}

/** A createWorker starting Node workers on the bundled script; `started` collects them for tests to poke. */
export async function nodeKernelWorkers(started: Worker[] = []): Promise<CreateKernelWorker> {
  const script = await kernelWorkerScript();
  return (): KernelWorker => {
    const worker = new Worker(script);
    started.push(worker);
    return fromNodeWorker(worker);
  };
}
