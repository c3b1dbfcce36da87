import { afterAll, beforeAll, describe } from 'vitest';
import type { BackendConformanceOptions } from './backend-conformance-options.js';
import { registerAbortChecks } from './conformance-checks-abort.js';
import { registerErrorChecks } from './conformance-checks-errors.js';
import { registerGenerationChecks } from './conformance-checks-generation.js';
import { registerKVCacheChecks } from './conformance-checks-kv-cache.js';
import { registerLogitsChecks } from './conformance-checks-logits.js';
import { registerSpeculativeChecks } from './conformance-checks-speculative.js';
import { ConformanceContext } from './conformance-context.js';

/**
 * Registers the backend conformance suite with vitest: call it at the top level of a test file. Every backend
 * runs it on the testkit fixtures, at the `ModelRunner` level:
 *
 * 1. logits match the reference for several sequences, for `'all'` and `'last'`;
 * 2. prefill then token-by-token decode (and chunked prefill) match the reference: KV reuse equals recompute;
 * 3. greedy ids are identical run to run and across runner instances, and the reference ranks each pick first;
 * 4. cache bookkeeping advances; `truncate` + re-run and `fork` + continue match the reference;
 * 5. an abort (before or during a forward) rejects with `ABORTED` and leaves the cache untouched;
 * 6. a batch of sequences with different lengths equals running each alone;
 * 7. malformed appends and forwards are refused; missing weight files give `MODEL_NOT_FOUND`;
 * 8. speculative verification: a multi-token forward's rows pick the ids one-by-one decoding picks, rejected
 *    drafts truncate cleanly, and sequences with different draft lengths verify in one forward.
 *
 * @example
 * ```ts
 * runBackendConformance({
 *   name: 'node',
 *   createBackend: () => nodeBackend(),
 *   fixtureDir: () => ensureFixture('tiny'),
 *   openFiles: async (dir) => new LocalDirectoryFiles(dir),
 *   referenceLogits: (dir, tokens) => runOnnxDirectly(dir, tokens),
 * });
 * ```
 */
export function runBackendConformance(options: BackendConformanceOptions): void {
  const ctx = new ConformanceContext(options);
  describe(`backend conformance: ${options.name}`, () => {
    beforeAll(() => ctx.setUp());
    afterAll(() => ctx.tearDown());
    registerLogitsChecks(ctx);
    registerGenerationChecks(ctx);
    registerKVCacheChecks(ctx);
    registerAbortChecks(ctx);
    registerErrorChecks(ctx);
    registerSpeculativeChecks(ctx);
  });
}
