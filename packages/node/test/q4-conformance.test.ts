import { runBackendConformance } from '@pocketlm/core/testing';
import { ensureFixture, FIXTURE_ONNX_FILES } from '@pocketlm/testkit';
import { afterAll } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { onnxReferenceLogits, releaseReferenceSessions } from './onnx-reference.js';

runBackendConformance({
  name: "node (onnxruntime-node, cpu) on tiny with dtype 'q4'",
  createBackend: () => nodeBackend({ session: { intraOpNumThreads: 2 } }),
  fixtureDir: () => ensureFixture('tiny', { root: process.env.POCKETLM_FIXTURES_DIR }),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: (dir, tokens) => onnxReferenceLogits(dir, tokens, FIXTURE_ONNX_FILES.q4),
  loadOptions: { dtype: 'q4' },
});

afterAll(releaseReferenceSessions);
