// Node builtins are imported on first use through variable specifiers, so browser bundlers (esbuild, Vite,
// webpack) leave them alone instead of failing to resolve them; only loadFile/loadFolder, in Node, get here.
type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');
const FS = 'node:fs/promises';
const PATH = 'node:path';

/** `node:fs/promises`, imported lazily. */
export function nodeFs(): Promise<Fs> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ FS) as Promise<Fs>;
}

/** `node:path`, imported lazily. */
export function nodePath(): Promise<Path> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ PATH) as Promise<Path>;
}
