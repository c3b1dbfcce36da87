import { defineConfig } from 'tsup';

// The CLI embeds the (private) testkit so `pocketlm` can write its default fixture model on first use.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  noExternal: ['@pocketlm/testkit'],
  banner: { js: '#!/usr/bin/env node' },
});
