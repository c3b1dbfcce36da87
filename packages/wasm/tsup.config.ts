import { defineConfig } from 'tsup';

export default defineConfig({
  // The kernel worker is its own file next to index.js: thread-environment.ts starts it by URL.
  entry: { index: 'src/index.ts', 'kernel-worker': 'src/threads/kernel-worker.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
});
