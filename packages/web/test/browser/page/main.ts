// The browser test page: drives a worker engine and the OPFS store, and exposes small async functions the
// vitest suite calls through `page.evaluate`. Errors come back as `{ code, message }` so codes can be asserted.
import { PocketLMError } from '@pocketlm/core';
import { createWorkerEngine, type WorkerEngine, type WorkerEngineLoadOptions } from '../../../src/index.js';

let worker: Worker | undefined;
let engine: WorkerEngine | undefined;

function start(): WorkerEngine {
  worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  engine = createWorkerEngine(worker);
  return engine;
}

async function caught<T>(run: () => Promise<T>): Promise<{ ok: T } | { code: string; message: string }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (PocketLMError.isInstance(error)) return { code: error.code, message: error.message };
    return { code: 'NOT_A_POCKETLM_ERROR', message: String(error) };
  }
}

/** Bytes of every file under the store's OPFS folder, by path, to check what was left behind. */
async function opfsFiles(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const [name, handle] of (
      dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
    ).entries()) {
      if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = (await (handle as FileSystemFileHandle).getFile()).size;
    }
  };
  await walk(await navigator.storage.getDirectory(), '');
  return out;
}

const harness = {
  restart: () => {
    worker?.terminate();
    start();
  },
  load: (options: WorkerEngineLoadOptions) =>
    caught(async () => {
      const progress: { file: string; loaded: number; total?: number }[] = [];
      const info = await (engine ?? start()).load({
        ...options,
        onProgress: (e) => {
          if (e.type === 'download') progress.push({ file: e.file, loaded: e.loaded, total: e.total });
        },
      });
      return { info, progress };
    }),
  generate: (prompt: string, maxTokens: number) =>
    caught(async () => (await (engine ?? start()).generate({ prompt, maxTokens, temperature: 0 })).tokens),
  /** The main thread keeps running while the worker generates: count timer ticks during a generation. */
  ticksDuring: (prompt: string, maxTokens: number) =>
    caught(async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const result = await (engine ?? start()).generate({ prompt, maxTokens, temperature: 0 });
      clearInterval(timer);
      return { ticks, tokens: result.tokens.length };
    }),
  list: () => caught(() => (engine ?? start()).store.list()),
  clear: () => caught(() => (engine ?? start()).store.clear()),
  opfsFiles,
  /** Overwrites the first bytes of a stored file in place, as disk corruption or a buggy extension would. */
  corrupt: async (fileSuffix: string) => {
    const files = await opfsFiles();
    const path = Object.keys(files).find((p) => p.endsWith(fileSuffix));
    if (!path) throw new Error(`no stored file ends with ${fileSuffix}: ${Object.keys(files).join(', ')}`);
    const parts = path.split('/');
    let dir = await navigator.storage.getDirectory();
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const writable = await (await dir.getFileHandle(parts.at(-1) as string)).createWritable({
      keepExistingData: true,
    });
    await writable.write({ type: 'write', position: 100, data: new Uint8Array(64).fill(0xab) });
    await writable.close();
    return path;
  },
  setFreeBytes: (freeBytes: number) =>
    new Promise<void>((resolve) => {
      const onReply = (event: MessageEvent) => {
        if ((event.data as { test?: string }).test !== 'quota-set') return;
        worker?.removeEventListener('message', onReply);
        resolve();
      };
      worker?.addEventListener('message', onReply);
      worker?.postMessage({ test: 'quota', freeBytes });
    }),
  /** Starts a long generation, crashes the worker, and returns the code the pending generation rejected with. */
  crashDuringGeneration: (prompt: string) =>
    caught(async () => {
      const current = engine ?? start();
      const pending = current.generate({ prompt, maxTokens: 5000, temperature: 0 });
      worker?.postMessage({ test: 'throw' });
      await pending;
    }),
  invalidRequest: () => caught(() => (engine ?? start()).generate({ prompt: 'x', maxTokens: -5 })),
};

(globalThis as unknown as { harness: typeof harness }).harness = harness;
(globalThis as unknown as { harnessReady: boolean }).harnessReady = true;
