import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Bundles the test page (page/index.html, its script and its engine worker) with Vite into a temp folder, the way
 * an application using `@pocketlm/web` would be built. Unminified: the suite only needs it to run.
 */
export async function buildTestPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'pocketlm-web-page-'));
  await build({
    root: fileURLToPath(new URL('./page/', import.meta.url)),
    logLevel: 'error',
    configFile: false,
    build: { outDir, emptyOutDir: true, minify: false, sourcemap: false, target: 'es2022' },
    worker: { format: 'es' },
  });
  return outDir;
}

/** Where onnxruntime-web keeps the `.wasm` / `.mjs` files the page serves itself at `/ort/`. */
export function ortDistDir(): string {
  return fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
}
