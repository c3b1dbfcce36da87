import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The playground's folder (where its index.html and vite.config.ts live). */
export const playgroundRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the playground for production with its own vite.config.ts into a fresh temporary folder and returns that
 * folder: the tests run the exact bundle users get, and never race a `vite build` running in `dist/`.
 */
export async function buildPlayground(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'pocketlm-playground-'));
  await build({
    root: playgroundRoot,
    configFile: join(playgroundRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
