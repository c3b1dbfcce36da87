import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';

/**
 * Bundles test entry points (with the package's sources and core) for the browser, as an application would, into
 * a temporary directory. Returns the directory (to remove) and its files keyed by URL path (`/page.js`).
 */
export async function bundleForBrowser(
  entry: Record<string, string>,
): Promise<{ dir: string; files: Record<string, Uint8Array> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-wasm-page-'));
  await build({
    entry,
    outDir: dir,
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    dts: false,
    silent: true,
    config: false,
  });
  const files: Record<string, Uint8Array> = {};
  for (const name of await readdir(dir)) files[`/${name}`] = await readFile(join(dir, name));
  return { dir, files };
}
