import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, openBrowserHarness } from './browser/browser-harness.js';

type Result<T> = { ok: T } | { code: string; message: string };
interface LoadResult {
  info: {
    backend: string;
    fromStore: boolean;
    capabilities: { device: string; reason: string; wasm: { threads: number; crossOriginIsolated: boolean } };
  };
  progress: { file: string; loaded: number; total?: number }[];
}

function ok<T>(result: Result<T>): T {
  if ('ok' in result) return result.ok;
  throw new Error(`expected success, got ${result.code}: ${result.message}`);
}

function code(result: Result<unknown>): string {
  if ('code' in result) return result.code;
  throw new Error('expected an error, the call succeeded');
}

const MODEL_FILE = '/models/tiny/onnx/model.onnx';

describe('@pocketlm/web in Chromium (worker engine, OPFS store, onnxruntime-web WASM)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await openBrowserHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads with progress, runs on WASM in a worker and says why', async () => {
    const { info, progress } = ok(await h.call<Result<LoadResult>>('load', { model: h.modelUrl }));
    expect(info.backend).toBe('web');
    expect(info.fromStore).toBe(false);
    expect(info.capabilities.device).toBe('wasm');
    expect(info.capabilities.reason).toMatch(/WASM/);
    expect(info.capabilities.wasm.crossOriginIsolated).toBe(true);
    // The page is cross-origin isolated, so ORT gets threads: one per core, at most 4.
    const cores = await h.page.evaluate(() => navigator.hardwareConcurrency);
    expect(info.capabilities.wasm.threads).toBe(Math.max(1, Math.min(4, cores)));
    const weights = progress.filter((p) => p.file === 'onnx/model.onnx');
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.at(-1)?.loaded).toBe(weights.at(-1)?.total);
    expect(h.server.requestCount('/ort/')).toBeGreaterThan(0);
    const tokens = ok(await h.call<Result<number[]>>('generate', 'The quick brown fox', 8));
    expect(tokens).toHaveLength(8);
  });

  it('keeps the page responsive while the worker generates', async () => {
    const { ticks, tokens } = ok(
      await h.call<Result<{ ticks: number; tokens: number }>>('ticksDuring', 'Hello', 32),
    );
    expect(tokens).toBe(32);
    expect(ticks).toBeGreaterThan(0);
  });

  it('loads from the store on a second visit with no network request for the model', async () => {
    await h.reload();
    h.server.resetRequests();
    const { info } = ok(await h.call<Result<LoadResult>>('load', { model: h.modelUrl }));
    expect(info.fromStore).toBe(true);
    expect(h.server.requestCount('/models/')).toBe(0);
    expect(ok(await h.call<Result<string[]>>('list'))).toHaveLength(1);
  });

  it('detects a corrupt stored file and downloads it again', async () => {
    await h.reload();
    await h.call('corrupt', encodeURIComponent('onnx/model.onnx'));
    h.server.resetRequests();
    const { info } = ok(await h.call<Result<LoadResult>>('load', { model: h.modelUrl }));
    expect(info.fromStore).toBe(false);
    expect(h.server.requests.filter((r) => r.path === MODEL_FILE)).toHaveLength(1);
    expect(ok(await h.call<Result<number[]>>('generate', 'The quick brown fox', 4))).toHaveLength(4);
  });

  it('resumes an interrupted download from where it stopped', async () => {
    ok(await h.call<Result<unknown>>('clear'));
    await h.reload();
    h.server.resetRequests();
    h.server.cutOnce(MODEL_FILE, 150_000);
    expect(code(await h.call<Result<unknown>>('load', { model: h.modelUrl }))).toBe('DOWNLOAD_FAILED');
    const partial = Object.entries(await h.call<Record<string, number>>('opfsFiles')).find(([p]) =>
      p.includes('p~onnx'),
    );
    expect(partial?.[1]).toBeGreaterThan(0);
    const { info } = ok(await h.call<Result<LoadResult>>('load', { model: h.modelUrl }));
    expect(info.fromStore).toBe(false);
    const weightRequests = h.server.requests.filter((r) => r.path === MODEL_FILE);
    expect(weightRequests).toHaveLength(2);
    expect(weightRequests[1].range).toBe(`bytes=${partial?.[1]}-`);
    expect(weightRequests[1].status).toBe(206);
  });

  it('refuses a model that does not fit with STORAGE_QUOTA_EXCEEDED and leaves nothing behind', async () => {
    ok(await h.call<Result<unknown>>('clear'));
    await h.reload();
    await h.call('restart');
    await h.call('setFreeBytes', 100_000);
    expect(code(await h.call<Result<unknown>>('load', { model: h.modelUrl }))).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(ok(await h.call<Result<string[]>>('list'))).toEqual([]);
    const left = Object.keys(await h.call<Record<string, number>>('opfsFiles'));
    expect(left.filter((p) => p.includes('~'))).toEqual([]);
  });

  it('stops a download of unknown size as soon as it outgrows the quota, and removes its partial file', async () => {
    await h.reload();
    await h.call('restart');
    await h.call('setFreeBytes', 100_000);
    h.server.omitLengthOnce(MODEL_FILE);
    expect(code(await h.call<Result<unknown>>('load', { model: h.modelUrl }))).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(h.server.requests.find((r) => r.path === MODEL_FILE)?.status).toBe(200);
    expect(ok(await h.call<Result<string[]>>('list'))).toEqual([]);
    const left = Object.keys(await h.call<Record<string, number>>('opfsFiles'));
    expect(left.filter((p) => p.includes('~'))).toEqual([]);
  });

  it('rejects a download whose SHA-256 is not the expected one, and keeps none of it', async () => {
    ok(await h.call<Result<unknown>>('clear'));
    await h.reload();
    const wrong = 'a'.repeat(64);
    const result = await h.call<Result<unknown>>('load', {
      model: h.modelUrl,
      integrity: { 'onnx/model.onnx': wrong },
    });
    expect(code(result)).toBe('INTEGRITY_MISMATCH');
    const left = Object.keys(await h.call<Record<string, number>>('opfsFiles'));
    expect(left.filter((p) => p.includes('onnx%2Fmodel.onnx'))).toEqual([]);
  });

  it('keeps error codes across the worker boundary', async () => {
    await h.reload();
    expect(code(await h.call<Result<unknown>>('invalidRequest'))).toBe('INVALID_OPTIONS');
  });

  it('rejects a pending generation with WORKER_CRASHED when the worker dies', async () => {
    await h.reload();
    ok(await h.call<Result<LoadResult>>('load', { model: h.modelUrl }));
    expect(code(await h.call<Result<unknown>>('crashDuringGeneration', 'Once upon a time'))).toBe(
      'WORKER_CRASHED',
    );
  });
});
