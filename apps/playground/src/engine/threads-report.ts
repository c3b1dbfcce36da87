import type { Backend, LoadModelOptions, ModelFiles } from '@pocketlm/core';
import type { WasmBackend } from '@pocketlm/wasm';

/**
 * `@pocketlm/wasm` says how many kernel threads a model runs on (`runner.loadInfo.threads`, fewer than asked when
 * the page is not cross-origin isolated or workers cannot start), but the worker protocol's load result carries
 * only the engine's info. The wasm worker posts this message beside it, before the load's result, so the page
 * can show the real thread count in the stats line.
 */
export interface ThreadsReport {
  pocketlmPlayground: 'threads';
  threads: number;
  reason: string;
}

/** Worker side: `backend`, reporting each loaded model's threads through `post`. */
export function reportingThreads(backend: WasmBackend, post: (report: ThreadsReport) => void): Backend {
  return {
    specificationVersion: backend.specificationVersion,
    name: backend.name,
    capabilities: backend.capabilities,
    store: backend.store,
    requiredFiles: (options: LoadModelOptions) => backend.requiredFiles(options),
    loadModel: async (files: ModelFiles, options: LoadModelOptions) => {
      const runner = await backend.loadModel(files, options);
      post({
        pocketlmPlayground: 'threads',
        threads: runner.loadInfo.threads,
        reason: runner.loadInfo.threadsReason,
      });
      return runner;
    },
  };
}

/** Page side: the report in a message from the worker, or undefined for any other message. */
export function threadsReportOf(data: unknown): ThreadsReport | undefined {
  const report = data as Partial<ThreadsReport> | null;
  return report?.pocketlmPlayground === 'threads' && typeof report.threads === 'number'
    ? (report as ThreadsReport)
    : undefined;
}
