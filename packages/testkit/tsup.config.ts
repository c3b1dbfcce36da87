import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'browser/index': 'src/browser/index.ts' },
  external: ['playwright-core'],
  format: ['esm'],
  dts: true,
  clean: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
});
