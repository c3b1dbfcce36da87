import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ResolveOptions, resolveModelFiles } from '../src/hub/resolve-model-files.js';
import { MemoryModelStore } from './hub-memory-store.js';
import {
  CDN_PATH,
  type HubTestServer,
  rejection,
  sameBytes,
  startHubTestServer,
  WEIGHT_FILE,
} from './hub-test-server.js';

const KEY = 'hf/pocket-org/tiny-model/main';

let server: HubTestServer;
let store: MemoryModelStore;

beforeEach(async () => {
  server = await startHubTestServer();
  store = new MemoryModelStore();
});
afterEach(() => server.close());

function options(extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { store, requiredFiles: [{ name: WEIGHT_FILE }], hubUrl: server.url, ...extra };
}

describe('integrity', () => {
  it('rejects a file whose sha256 differs from the hub etag, keeping nothing of it', async () => {
    server.switches.wrongChecksum = WEIGHT_FILE;
    const error = await rejection(resolveModelFiles(server.repo, options()));
    expect(error.code).toBe('INTEGRITY_MISMATCH');
    expect(error.details).toMatchObject({
      file: WEIGHT_FILE,
      expected: 'f'.repeat(64),
      actual: server.sha256[WEIGHT_FILE],
    });
    expect(await store.has(KEY, WEIGHT_FILE)).toBe(false);
    expect(await store.partialSize(KEY, WEIGHT_FILE)).toBe(0);
  });

  it('reads the sha256 from the hub redirect of an LFS file, never from the CDN etag', async () => {
    server.switches.redirectWeight = true;
    server.switches.cutAfter = { file: WEIGHT_FILE, bytes: 90_000 };
    await rejection(resolveModelFiles(server.repo, options()));
    server.switches.cutAfter = undefined;
    const files = await resolveModelFiles(server.repo, options());
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
    const weight = server.requests.filter((r) => r.file === WEIGHT_FILE);
    expect(weight.map((r) => [r.path, r.status])).toEqual([
      [`/${server.repo}/resolve/main/${WEIGHT_FILE}`, 302],
      [CDN_PATH, 200],
      [`/${server.repo}/resolve/main/${WEIGHT_FILE}`, 302],
      [CDN_PATH, 206],
    ]);
    // The resume offset travels through the redirect to the CDN.
    expect(weight[3].range).toMatch(/^bytes=\d+-$/);

    await store.delete(KEY);
    server.switches.wrongChecksum = WEIGHT_FILE;
    const error = await rejection(resolveModelFiles(server.repo, options()));
    expect(error.code).toBe('INTEGRITY_MISMATCH');
    expect(error.details?.expected).toBe('f'.repeat(64));
  });

  it('checks files against options.integrity, which overrides the etag', async () => {
    const wrong = '0'.repeat(64);
    const error = await rejection(
      resolveModelFiles(server.repo, options({ integrity: { 'tokenizer.json': wrong } })),
    );
    expect(error.code).toBe('INTEGRITY_MISMATCH');
    expect(error.details).toMatchObject({
      file: 'tokenizer.json',
      expected: wrong,
      actual: server.sha256['tokenizer.json'],
    });
    expect(await store.has(KEY, 'tokenizer.json')).toBe(false);

    // The right digest passes even where the server advertises a wrong one.
    server.switches.wrongChecksum = WEIGHT_FILE;
    const integrity = {
      'tokenizer.json': server.sha256['tokenizer.json'],
      [WEIGHT_FILE]: server.sha256[WEIGHT_FILE].toUpperCase(),
    };
    const files = await resolveModelFiles(server.repo, options({ integrity }));
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('refuses a malformed integrity digest instead of skipping the check', async () => {
    const error = await rejection(
      resolveModelFiles(server.repo, options({ integrity: { 'config.json': 'md5:abc' } })),
    );
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(server.requests).toEqual([]);
  });
});

describe('HTTP failures', () => {
  it('turns a 404 for a required file into MODEL_NOT_FOUND naming the file and URL', async () => {
    server.switches.status.set(WEIGHT_FILE, 404);
    const error = await rejection(resolveModelFiles(server.repo, options()));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain(WEIGHT_FILE);
    expect(error.message).toContain(`${server.url}/${server.repo}/resolve/main/${WEIGHT_FILE}`);
  });

  it('skips an optional file the server does not have, and asks for it again next time', async () => {
    server.switches.status.set('generation_config.json', 404);
    const files = await resolveModelFiles(
      server.repo,
      options({ requiredFiles: [{ name: 'onnx/extra.bin', optional: true }, { name: WEIGHT_FILE }] }),
    );
    expect(await files.has('generation_config.json')).toBe(false);
    expect(await files.has('onnx/extra.bin')).toBe(false);
    expect(await files.has(WEIGHT_FILE)).toBe(true);

    server.switches.status.clear();
    server.requests.length = 0;
    const again = await resolveModelFiles(server.repo, options());
    expect(server.requests.map((r) => r.file)).toEqual(['generation_config.json']);
    expect(await again.has('generation_config.json')).toBe(true);
  });

  it('treats a file as required when the backend needs one the metadata list calls optional', async () => {
    server.switches.status.set('tokenizer_config.json', 404);
    const required = [{ name: 'tokenizer_config.json' }, { name: WEIGHT_FILE }];
    const error = await rejection(resolveModelFiles(server.repo, options({ requiredFiles: required })));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.details?.file).toBe('tokenizer_config.json');
  });

  it('explains 401/403 as a private or gated model', async () => {
    for (const status of [401, 403]) {
      server.switches.status.set('config.json', status);
      const error = await rejection(resolveModelFiles(server.repo, options()));
      expect(error.code).toBe('MODEL_NOT_FOUND');
      expect(error.message).toMatch(/private or gated/);
      expect(error.details?.status).toBe(status);
    }
  });

  it('reports server errors and unreachable servers as DOWNLOAD_FAILED', async () => {
    server.switches.status.set('tokenizer.json', 500);
    const http = await rejection(resolveModelFiles(server.repo, options()));
    expect(http.code).toBe('DOWNLOAD_FAILED');
    expect(http.details).toMatchObject({ file: 'tokenizer.json', status: 500 });

    const url = server.url;
    await server.close();
    const network = await rejection(resolveModelFiles('org/other', options({ hubUrl: url })));
    expect(network.code).toBe('DOWNLOAD_FAILED');
    expect(network.details?.file).toBe('config.json');
    server = await startHubTestServer();
  });
});

describe('abort', () => {
  it('rejects with ABORTED mid-download, keeps the partial, and a later call resumes it', async () => {
    const controller = new AbortController();
    const error = await rejection(
      resolveModelFiles(
        server.repo,
        options({
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'download' && e.file === WEIGHT_FILE)
              controller.abort(new Error('user cancelled'));
          },
        }),
      ),
    );
    expect(error.code).toBe('ABORTED');
    expect((error.cause as Error).message).toBe('user cancelled');
    const held = await store.partialSize(KEY, WEIGHT_FILE);
    expect(held).toBeGreaterThan(0);
    expect(await store.has(KEY, WEIGHT_FILE)).toBe(false);

    const files = await resolveModelFiles(server.repo, options());
    expect(held).toBeLessThan(server.files[WEIGHT_FILE].byteLength);
    expect(server.requests.at(-1)).toMatchObject({ file: WEIGHT_FILE, range: `bytes=${held}-`, status: 206 });
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('rejects with ABORTED before any request when the signal has already fired', async () => {
    const error = await rejection(resolveModelFiles(server.repo, options({ signal: AbortSignal.abort() })));
    expect(error.code).toBe('ABORTED');
    expect(server.requests).toEqual([]);
  });
});
