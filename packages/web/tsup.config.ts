import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', vite: 'src/vite.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
});
