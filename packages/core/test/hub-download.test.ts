import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../src/hub/download-progress.js';
import { PROGRESS_INTERVAL_BYTES } from '../src/hub/download-progress.js';
import { type ResolveOptions, resolveModelFiles } from '../src/hub/resolve-model-files.js';
import { MemoryModelStore } from './hub-memory-store.js';
import {
  type HubTestServer,
  rejection,
  sameBytes,
  startHubTestServer,
  WEIGHT_FILE,
  WEIGHT_SIZE,
} from './hub-test-server.js';

const KEY = 'hf/pocket-org/tiny-model/main';
const ALL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
  WEIGHT_FILE,
];

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

describe('resolveModelFiles from a hub id', () => {
  it('downloads every file with throttled progress and returns them under the hub id', async () => {
    const events: DownloadProgress[] = [];
    const files = await resolveModelFiles(server.repo, options({ onProgress: (e) => events.push(e) }));

    expect(files.id).toBe('hub:pocket-org/tiny-model@main');
    for (const name of ALL_FILES)
      expect(sameBytes(await files.readBytes(name), server.files[name])).toBe(true);
    expect(JSON.parse(await files.readText('config.json')).model_type).toBe('llama');
    expect(server.requests.map((r) => [r.path, r.status, r.range])).toEqual(
      ALL_FILES.map((f) => [`/${server.repo}/resolve/main/${f}`, 200, undefined]),
    );
    expect(store.partials.size).toBe(0);

    const weight = events.filter((e) => e.type === 'download' && e.file === WEIGHT_FILE);
    const loaded = weight.map((e) => (e.type === 'download' ? e.loaded : -1));
    expect(weight.length).toBeGreaterThanOrEqual(3);
    expect(weight.every((e) => e.type === 'download' && e.total === WEIGHT_SIZE)).toBe(true);
    expect(loaded.at(-1)).toBe(WEIGHT_SIZE);
    for (let i = 1; i < loaded.length - 1; i++) {
      expect(loaded[i] - loaded[i - 1]).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_BYTES);
    }
    // Small files report once, on completion.
    expect(events.filter((e) => e.file === 'config.json')).toEqual([
      {
        type: 'download',
        file: 'config.json',
        loaded: server.files['config.json'].byteLength,
        total: server.files['config.json'].byteLength,
      },
    ]);
  });

  it('serves a second call from the store without a single request', async () => {
    await resolveModelFiles(server.repo, options());
    const before = server.requests.length;
    const events: DownloadProgress[] = [];
    const files = await resolveModelFiles(server.repo, options({ onProgress: (e) => events.push(e) }));
    expect(server.requests.length).toBe(before);
    expect(events).toEqual(ALL_FILES.map((file) => ({ type: 'cached', file })));
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('resumes a cut download with a Range request and ends with the exact bytes', async () => {
    server.switches.cutAfter = { file: WEIGHT_FILE, bytes: 100_000 };
    const cut = await rejection(resolveModelFiles(server.repo, options()));
    expect(cut.code).toBe('DOWNLOAD_FAILED');
    expect(cut.details?.file).toBe(WEIGHT_FILE);
    const held = await store.partialSize(KEY, WEIGHT_FILE);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(100_000);
    expect(cut.details?.bytesSoFar).toBe(held);
    expect(await store.has(KEY, WEIGHT_FILE)).toBe(false);

    server.switches.cutAfter = undefined;
    const events: DownloadProgress[] = [];
    const files = await resolveModelFiles(server.repo, options({ onProgress: (e) => events.push(e) }));
    const resumed = server.requests.at(-1)!;
    expect(resumed).toMatchObject({ file: WEIGHT_FILE, range: `bytes=${held}-`, status: 206 });
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
    const first = events.find((e) => e.type === 'download' && e.file === WEIGHT_FILE);
    expect(first).toMatchObject({ total: WEIGHT_SIZE });
    expect(first?.type === 'download' && first.loaded > held).toBe(true);
  });

  it('starts over when the server ignores Range and sends the whole file', async () => {
    server.switches.cutAfter = { file: WEIGHT_FILE, bytes: 70_000 };
    await rejection(resolveModelFiles(server.repo, options()));
    server.switches.cutAfter = undefined;
    server.switches.ignoreRange = true;
    const files = await resolveModelFiles(server.repo, options());
    expect(server.requests.at(-1)).toMatchObject({ file: WEIGHT_FILE, status: 200 });
    expect(server.requests.at(-1)?.range).toMatch(/^bytes=\d+-$/);
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('downloads again from scratch when a leftover partial is already the whole file (416)', async () => {
    await store.appendPartial(KEY, WEIGHT_FILE, server.files[WEIGHT_FILE]);
    const files = await resolveModelFiles(server.repo, options());
    const weightRequests = server.requests.filter((r) => r.file === WEIGHT_FILE);
    expect(weightRequests.map((r) => r.status)).toEqual([416, 200]);
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('uses the @revision of the source', async () => {
    await resolveModelFiles(`${server.repo}@v2`, options());
    expect(new Set(server.requests.map((r) => r.revision))).toEqual(new Set(['v2']));
    expect(await store.list()).toEqual(['hf/pocket-org/tiny-model/v2']);
  });
});

describe('resolveModelFiles offline and from other sources', () => {
  it('works offline, or with a failing network, once everything is cached', async () => {
    await resolveModelFiles(server.repo, options());
    const failingFetch = async () => {
      throw new TypeError('fetch failed');
    };
    const offline = await resolveModelFiles(server.repo, options({ offline: true, fetch: failingFetch }));
    expect(sameBytes(await offline.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
    const noNetwork = await resolveModelFiles(server.repo, options({ fetch: failingFetch }));
    expect(await noNetwork.has('config.json')).toBe(true);
  });

  it('fails offline with MODEL_NOT_FOUND when a required file is not cached', async () => {
    const error = await rejection(resolveModelFiles(server.repo, options({ offline: true })));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toMatch(/config\.json.*not cached/);
    expect(server.requests).toEqual([]);
  });

  it('downloads from a plain http base URL', async () => {
    const files = await resolveModelFiles(`${server.plainUrl}/`, options());
    expect(files.id).toBe(`${server.plainUrl}/`);
    expect(server.requests.map((r) => r.path)).toEqual(ALL_FILES.map((f) => `/plain/tiny/${f}`));
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
    const port = new URL(server.url).port;
    expect(await store.list()).toEqual([`url/127.0.0.1_${port}/plain/tiny`]);
  });

  it('uses a directory the store opens in place and never touches the network', async () => {
    store.local.set('/models/tiny', store.files('elsewhere'));
    store.complete.set('elsewhere', new Map(Object.entries(server.files)));
    let fetches = 0;
    const files = await resolveModelFiles(
      '/models/tiny',
      options({
        fetch: async () => {
          fetches++;
          return new Response();
        },
      }),
    );
    expect(fetches).toBe(0);
    expect(sameBytes(await files.readBytes(WEIGHT_FILE), server.files[WEIGHT_FILE])).toBe(true);
  });

  it('names the files a local directory is missing', async () => {
    store.local.set('./tiny', store.files('partial-copy'));
    store.complete.set('partial-copy', new Map([['config.json', server.files['config.json']]]));
    const error = await rejection(resolveModelFiles('./tiny', options()));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.details?.missing).toEqual(['tokenizer.json', WEIGHT_FILE]);
  });

  it('reports a path that does not exist as MODEL_NOT_FOUND, naming it', async () => {
    for (const path of ['./no/such/model', '/no/such/model', '~/no-such-model']) {
      const error = await rejection(resolveModelFiles(path, options()));
      expect(error.code).toBe('MODEL_NOT_FOUND');
      expect(error.message).toContain(path);
    }
    expect(server.requests).toEqual([]);
  });
});
