import { createWorkerEngine, type WorkerEngineInfo } from '@pocketlm/web';
import type { LoadedModel } from '../state/playground-state.js';
import { KnownSources } from './known-sources.js';
import type { PlaygroundEngine } from './playground-engine.js';

/**
 * The playground's engine: `@pocketlm/web`'s engine in a module worker (`engine.worker.ts`), so downloads,
 * tokenizing and forward passes never block the page, adapted to the page's `PlaygroundEngine` terms.
 */
export function createPlaygroundEngine(): PlaygroundEngine {
  const engine = createWorkerEngine(
    new Worker(new URL('../engine.worker.ts', import.meta.url), { type: 'module', name: 'pocketlm-engine' }),
  );
  const known = new KnownSources();
  return {
    load: async ({ source, onProgress, onPhase, signal }) => {
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
      return loadedModel(source, info);
    },
    stream: ({ messages, maxTokens, temperature, signal }) =>
      engine.stream({ messages, maxTokens, temperature, signal }),
    listCached: async () => {
      const keys = await engine.store.list();
      return keys.map((key) => ({ key, source: known.sourceOf(key) }));
    },
    deleteCached: (key) => engine.store.delete(key),
    clearCached: () => engine.store.clear(),
  };
}

function loadedModel(source: string, info: WorkerEngineInfo): LoadedModel {
  return {
    source,
    backend: info.capabilities?.device ?? info.backend,
    backendReason: info.capabilities?.reason,
    fromStore: info.fromStore,
    details: [
      info.dtype,
      `${info.numLayers} layers`,
      `${info.contextLength.toLocaleString('en-US')}-token context`,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}
