import { runBackendConformance } from '@pocketlm/core/testing';
import { afterAll } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';
import { onnxReferenceLogits, releaseReferenceSessions } from './onnx-reference.js';

runBackendConformance({
  name: 'node (onnxruntime-node, cpu)',
  createBackend: () => nodeBackend({ session: { intraOpNumThreads: 2 } }),
  fixtureDir: () => fixtureDir('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: onnxReferenceLogits,
});

afterAll(releaseReferenceSessions);
