import { createEngine } from '@pocketlm/core';
import { fileModelStore } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { chooseWebDevice, OpfsModelStore, webBackend } from '../src/index.js';
import { rejection } from './helpers/rejection.js';

// `navigator.gpu` is the browser's API, so a test may stand in for it; the device choice under test is ours.
const gpuWith = (adapter: unknown) => ({ requestAdapter: async () => adapter });

describe('chooseWebDevice', () => {
  it('prefers WebGPU when the browser gives an adapter, keeping WASM as the fallback provider', async () => {
    const report = await chooseWebDevice({
      preference: 'auto',
      environment: { gpu: gpuWith({}), crossOriginIsolated: true, hardwareConcurrency: 8 },
      wasmPaths: '/ort/',
    });
    expect(report.device).toBe('webgpu');
    expect(report.executionProviders).toEqual(['webgpu']);
    expect(report.wasm).toEqual({ simd: true, threads: 4, crossOriginIsolated: true, wasmPaths: '/ort/' });
  });

  it('falls back to single-threaded WASM and says why', async () => {
    const noAdapter = await chooseWebDevice({
      preference: 'auto',
      environment: { gpu: gpuWith(null), crossOriginIsolated: false, hardwareConcurrency: 8 },
      wasmPaths: undefined,
    });
    expect(noAdapter.device).toBe('wasm');
    expect(noAdapter.reason).toMatch(/no adapter/);
    expect(noAdapter.reason).toMatch(/not cross-origin isolated/);
    expect(noAdapter.wasm.threads).toBe(1);
    const noGpu = await chooseWebDevice({ preference: 'auto', environment: {}, wasmPaths: undefined });
    expect(noGpu.reason).toMatch(/navigator\.gpu/);
    const forced = await chooseWebDevice({
      preference: 'wasm',
      environment: { gpu: gpuWith({}) },
      wasmPaths: undefined,
    });
    expect(forced.device).toBe('wasm');
  });

  it('refuses with BACKEND_UNAVAILABLE when WebGPU is demanded but missing, or SIMD is missing', async () => {
    const webgpu = await rejection(
      chooseWebDevice({ preference: 'webgpu', environment: {}, wasmPaths: undefined }),
    );
    expect(webgpu.code).toBe('BACKEND_UNAVAILABLE');
    const simd = await rejection(
      chooseWebDevice({ preference: 'wasm', environment: {}, wasmPaths: undefined, simd: false }),
    );
    expect(simd.code).toBe('BACKEND_UNAVAILABLE');
    expect(simd.message).toMatch(/SIMD/);
  });

  it('checks numThreads (INVALID_OPTIONS) and caps it to 1 without isolation', async () => {
    const bad = await rejection(
      chooseWebDevice({ preference: 'wasm', environment: {}, wasmPaths: undefined, numThreads: 0 }),
    );
    expect(bad.code).toBe('INVALID_OPTIONS');
    const capped = await chooseWebDevice({
      preference: 'wasm',
      environment: {},
      wasmPaths: undefined,
      numThreads: 8,
    });
    expect(capped.wasm.threads).toBe(1);
  });
});

describe('webBackend', () => {
  it('turns an onnxruntime-web that cannot be loaded into BACKEND_UNAVAILABLE with an install hint', async () => {
    const error = await rejection(
      createEngine({
        backend: webBackend({
          device: 'wasm',
          ort: () => {
            throw new Error('Cannot find package onnxruntime-web');
          },
          store: fileModelStore(),
        }),
        model: await ensureFixture('tiny'),
      }),
    );
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(/npm install onnxruntime-web/);
  });

  it('falls back to WASM when a WebGPU adapter exists but ORT cannot open the model on it, and reports it', async () => {
    // onnxruntime-web's Node build has no WebGPU backend: exactly an adapter that ORT then fails to use.
    const backend = webBackend({ ort: ortWeb, environment: { gpu: gpuWith({}) }, store: fileModelStore() });
    expect((await backend.capabilityReport()).device).toBe('webgpu');
    const engine = await createEngine({ backend, model: await ensureFixture('tiny') });
    try {
      const report = await backend.capabilityReport();
      expect(report.device).toBe('wasm');
      expect(report.executionProviders).toEqual(['wasm']);
      expect(report.reason).toMatch(/could not open the model on WebGPU/);
      expect((await engine.generate({ prompt: 'hi', maxTokens: 2, temperature: 0 })).tokens).toHaveLength(2);
    } finally {
      await engine.dispose();
    }
  });

  it('does not fall back when WebGPU was demanded', async () => {
    const backend = webBackend({
      ort: ortWeb,
      device: 'webgpu',
      environment: { gpu: gpuWith({}) },
      store: fileModelStore(),
    });
    const error = await rejection(createEngine({ backend, model: await ensureFixture('tiny') }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/webgpu/i);
  });

  it('refuses a dtype it cannot load with INVALID_OPTIONS', () => {
    const backend = webBackend({ ort: ortWeb, device: 'wasm' });
    expect(() => backend.requiredFiles({ dtype: 'fp16' })).toThrow(/web backend loads fp32, q4/);
  });

  it('has a default OPFS store that says BACKEND_UNAVAILABLE where there is no OPFS (Node)', async () => {
    const store = webBackend({ ort: ortWeb }).store;
    expect(store).toBeInstanceOf(OpfsModelStore);
    expect((await rejection(store.list())).code).toBe('BACKEND_UNAVAILABLE');
  });
});
