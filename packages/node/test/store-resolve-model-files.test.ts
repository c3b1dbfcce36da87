import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The downloader is core's; these tests run it against the real filesystem store end to end.
import type { DownloadProgress } from '../../core/src/hub/download-progress.js';
import { type ResolveOptions, resolveModelFiles } from '../../core/src/hub/resolve-model-files.js';
import {
  type HubTestServer,
  rejection,
  sameBytes,
  startHubTestServer,
  WEIGHT_FILE,
  WEIGHT_SIZE,
} from '../../core/test/hub-test-server.js';
import { FileModelStore } from '../src/store/file-model-store.js';
import { LocalDirectoryFiles } from '../src/store/local-directory-files.js';

const KEY = 'hf/pocket-org/tiny-model/main';
let server: HubTestServer;
let root: string;
let store: FileModelStore;

beforeEach(async () => {
  server = await startHubTestServer();
  root = await mkdtemp(join(tmpdir(), 'pocketlm-store-'));
  store = new FileModelStore({ root });
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { store, requiredFiles: [{ name: WEIGHT_FILE }], hubUrl: server.url, ...extra };
}

describe('resolveModelFiles with FileModelStore', () => {
  it('downloads into <root>/<key>/<file> and serves the next call from disk with zero requests', async () => {
    const events: DownloadProgress[] = [];
    const files = await resolveModelFiles(server.repo, options({ onProgress: (e) => events.push(e) }));
    const onDisk = join(root, 'hf', 'pocket-org', 'tiny-model', 'main', 'onnx', 'model.onnx');
    expect(sameBytes(await readFile(onDisk), server.files[WEIGHT_FILE])).toBe(true);
    expect(files.localPath?.(WEIGHT_FILE)).toBe(onDisk);
    expect(files.id).toBe('hub:pocket-org/tiny-model@main');
    expect(events.at(-1)).toEqual({
      type: 'download',
      file: WEIGHT_FILE,
      loaded: WEIGHT_SIZE,
      total: WEIGHT_SIZE,
    });
    expect(await store.list()).toEqual([KEY]);

    const count = server.requests.length;
    const again = await resolveModelFiles(server.repo, options({ offline: true }));
    expect(server.requests.length).toBe(count);
    expect(sameBytes(await again.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('resumes from the .partial file a cut connection left behind', async () => {
    server.switches.cutAfter = { file: WEIGHT_FILE, bytes: 150_000 };
    const cut = await rejection(resolveModelFiles(server.repo, options()));
    expect(cut.code).toBe('DOWNLOAD_FAILED');
    const partialPath = join(root, 'hf', 'pocket-org', 'tiny-model', 'main', 'onnx', 'model.onnx.partial');
    const held = (await readFile(partialPath)).byteLength;
    expect(held).toBeGreaterThan(0);
    expect(cut.details).toMatchObject({ file: WEIGHT_FILE, bytesSoFar: held });

    server.switches.cutAfter = undefined;
    const files = await resolveModelFiles(server.repo, options());
    expect(server.requests.at(-1)).toMatchObject({ file: WEIGHT_FILE, range: `bytes=${held}-`, status: 206 });
    expect(existsSync(partialPath)).toBe(false);
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('leaves neither file nor partial on disk after a checksum mismatch', async () => {
    server.switches.wrongChecksum = WEIGHT_FILE;
    const error = await rejection(resolveModelFiles(server.repo, options()));
    expect(error.code).toBe('INTEGRITY_MISMATCH');
    const dir = join(root, 'hf', 'pocket-org', 'tiny-model', 'main', 'onnx');
    expect(existsSync(join(dir, 'model.onnx'))).toBe(false);
    expect(existsSync(join(dir, 'model.onnx.partial'))).toBe(false);
    expect(await store.has(KEY, 'config.json')).toBe(true);
  });

  it('uses a local directory in place, by absolute or relative path, without any request', async () => {
    for (const source of [server.dir, relative(process.cwd(), server.dir) || '.']) {
      const files = await resolveModelFiles(source, options({ hubUrl: 'http://127.0.0.1:1' }));
      expect(files).toBeInstanceOf(LocalDirectoryFiles);
      expect(files.localPath?.(WEIGHT_FILE)).toBe(join(server.dir, WEIGHT_FILE));
      expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
    }
    expect(server.requests).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('reports a missing local path, or a local directory without the weights, as MODEL_NOT_FOUND', async () => {
    const missing = join(root, 'no-such-model');
    const error = await rejection(resolveModelFiles(missing, options()));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain(missing);

    const incomplete = await rejection(
      resolveModelFiles(server.dir, options({ requiredFiles: [{ name: 'onnx/model_q4.onnx' }] })),
    );
    expect(incomplete.code).toBe('MODEL_NOT_FOUND');
    expect(incomplete.message).toContain('onnx/model_q4.onnx');
    expect(server.requests).toEqual([]);
  });
});
