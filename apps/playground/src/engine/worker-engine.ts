import { createWorkerEngine, type WorkerEngineInfo } from '@pocketlm/web';
import type { BackendChoice } from '../state/backend-choice.js';
import type { LoadedModel } from '../state/playground-state.js';
import { CRASH_REQUEST } from './crash-switch.js';
import { KnownSources } from './known-sources.js';
import type { PlaygroundEngine } from './playground-engine.js';
import { type ThreadsReport, threadsReportOf } from './threads-report.js';

/**
 * Starts the module worker for `backend`. Each `new Worker(new URL(…))` is spelled out so Vite finds and bundles
 * both entries; a page that never picks PocketLM WASM never starts (or fetches) its worker, and the reverse.
 */
function startWorker(backend: BackendChoice): Worker {
  return backend === 'pocketlm-wasm'
    ? new Worker(new URL('../engine-wasm.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pocketlm-engine-wasm',
      })
    : new Worker(new URL('../engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pocketlm-engine',
      });
}

/**
 * The playground's engine: `@pocketlm/web`'s worker engine in a module worker for the chosen backend, so
 * downloads, tokenizing and forward passes never block the page, adapted to the page's `PlaygroundEngine` terms.
 */
export function createPlaygroundEngine(backend: BackendChoice): PlaygroundEngine {
  const worker = startWorker(backend);
  const engine = createWorkerEngine(worker);
  const known = new KnownSources();
  let threads: ThreadsReport | undefined;
  worker.addEventListener('message', (event) => {
    threads = threadsReportOf(event.data) ?? threads;
  });
  return {
    load: async ({ source, onProgress, onPhase, signal }) => {
      threads = undefined;
      const info = await engine.load({
        model: source,
        signal,
        onProgress: (event) => {
          // Download and store events drive the bar; the engine's load phases name what it does after them.
          if (event.type === 'download' || event.type === 'cached') onProgress(event);
          else if (event.phase === 'tokenizer' || event.phase === 'weights') onPhase(event.phase);
        },
      });
      known.remember(source);
      return backend === 'pocketlm-wasm' ? wasmModel(source, info, threads) : ortModel(source, info);
    },
    stream: ({ messages, maxTokens, temperature, signal }) =>
      engine.stream({ messages, maxTokens, temperature, signal }),
    listCached: async () => {
      const keys = await engine.store.list();
      return keys.map((key) => ({ key, source: known.sourceOf(key) }));
    },
    deleteCached: (key) => engine.store.delete(key),
    clearCached: () => engine.store.clear(),
    onCrash: (listener) => worker.addEventListener('error', () => listener(), { once: true }),
    crash: () => worker.postMessage(CRASH_REQUEST),
    dispose: () => engine.dispose(),
  };
}

/** ONNX Runtime Web names the device it picked (`webgpu` or `wasm`) and why. */
function ortModel(source: string, info: WorkerEngineInfo): LoadedModel {
  return {
    source,
    backend: info.capabilities?.device ?? info.backend,
    backendReason: info.capabilities?.reason,
    fromStore: info.fromStore,
    details: details(info),
  };
}

/** PocketLM's kernels report their thread count (and why that many) beside the load result. */
function wasmModel(source: string, info: WorkerEngineInfo, threads: ThreadsReport | undefined): LoadedModel {
  return {
    source,
    backend: 'pocketlm-wasm',
    backendReason: threads?.reason,
    threads: threads?.threads,
    fromStore: info.fromStore,
    details: details(info),
  };
}

function details(info: WorkerEngineInfo): string {
  return [
    info.dtype,
    `${info.numLayers} layers`,
    `${info.contextLength.toLocaleString('en-US')}-token context`,
  ]
    .filter(Boolean)
    .join(' · ');
}
