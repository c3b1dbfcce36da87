import { runBackendConformance } from '@pocketlm/core/testing';
import { afterAll } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';
import { onnxReferenceLogits, releaseReferenceSessions } from './onnx-reference.js';

// `tiny` always runs; the SmolLM2-135M-shaped fixture (≈0.5 GB to generate) only when asked for, e.g.
// POCKETLM_CONFORMANCE_FIXTURES=tiny,smollm-135m.
const fixtures = (process.env.POCKETLM_CONFORMANCE_FIXTURES ?? 'tiny').split(',').map((name) => {
  const trimmed = name.trim();
  if (trimmed !== 'tiny' && trimmed !== 'smollm-135m')
    throw new Error(`Unknown conformance fixture "${trimmed}".`);
  return trimmed;
});

for (const fixture of fixtures) {
  runBackendConformance({
    name: `node (onnxruntime-node, cpu) on ${fixture}`,
    createBackend: () => nodeBackend({ session: { intraOpNumThreads: 2 } }),
    fixtureDir: () => fixtureDir(fixture),
    openFiles: async (dir) => new LocalDirectoryFiles(dir),
    referenceLogits: onnxReferenceLogits,
  });
}

afterAll(releaseReferenceSessions);
