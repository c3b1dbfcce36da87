import { FullKVCache, type KVCache, QuantizedKVCache, SlidingWindowKVCache } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmModelRunner } from '../src/index.js';
import { loadFixtureRunner } from './wasm-fixtures.js';

// The runner keeps each cache's keys and values in WASM memory and appends only new tokens. These tests hold it to
// the runner's own recompute-from-the-cache path: a fork is a cache the runner has never seen, so a forward on a
// fork reloads everything from cache.read(). Both paths use the same kernels, so the logits must be bit-identical.

async function step(runner: WasmModelRunner, cache: KVCache, token: number): Promise<Float32Array> {
  const out = await runner.forward({
    sequences: [{ tokens: [token], positions: [cache.nextPosition], cache, logits: 'last' }],
  });
  return out.logits[0];
}

async function prefill(runner: WasmModelRunner, cache: KVCache, tokens: number[]): Promise<void> {
  await runner.forward({
    sequences: [{ tokens, positions: tokens.map((_, i) => cache.nextPosition + i), cache, logits: 'last' }],
  });
}

/** Decodes `steps` tokens on `cache`, checking every step against a forward on a fresh fork of the cache. */
async function decodeAgainstForks(runner: WasmModelRunner, cache: KVCache, steps: number): Promise<void> {
  for (let s = 0; s < steps; s++) {
    const token = (s * 37 + 11) % 500;
    const fromFork = await step(runner, cache.fork(), token);
    expect(await step(runner, cache, token), `step ${s}`).toEqual(fromFork);
  }
}

describe('KV mirrors', () => {
  let runner: WasmModelRunner;
  beforeAll(async () => {
    runner = await loadFixtureRunner('tiny');
  });
  afterAll(() => runner.dispose());

  const syncs = () => runner.mirrorSyncs as Record<'kept' | 'truncated' | 'compacted' | 'reloaded', number>;
  const delta = (before: Record<string, number>) => {
    const now = syncs();
    return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (before[k] ?? 0)]));
  };

  it('decoding on a full cache appends to the mirror without reloading it', async () => {
    const cache = new FullKVCache(runner.kvLayout);
    await prefill(runner, cache, [1, 2, 3, 4, 5]);
    const before = syncs();
    for (let s = 0; s < 6; s++) await step(runner, cache, 10 + s);
    expect(delta(before)).toMatchObject({ kept: 6, reloaded: 0 });
  });

  it('a truncate shortens the mirror in place and decoding continues exactly', async () => {
    const cache = new FullKVCache(runner.kvLayout);
    await prefill(runner, cache, [1, 9, 8, 7, 6, 5, 4]);
    cache.truncate(4);
    const before = syncs();
    await decodeAgainstForks(runner, cache, 3);
    // Every step on the original reuses the mirror; each fork is new and reloads.
    expect(delta(before)).toMatchObject({ truncated: 1, kept: 2, reloaded: 3 });
  });

  it('a sliding window that evicts tokens compacts the mirror instead of reloading it', async () => {
    const cache = new SlidingWindowKVCache(runner.kvLayout, { window: 6, sinks: 2 });
    await prefill(runner, cache, [3, 1, 4, 1, 5, 9, 2]);
    const before = syncs();
    await decodeAgainstForks(runner, cache, 8);
    expect(cache.length).toBe(8);
    expect(delta(before).compacted).toBeGreaterThan(0);
  });

  it('a quantized cache is reloaded every forward, so attention sees what it stores', async () => {
    const cache = new QuantizedKVCache(runner.kvLayout, { bits: 8 });
    await prefill(runner, cache, [2, 7, 1, 8, 2, 8]);
    const before = syncs();
    await decodeAgainstForks(runner, cache, 4);
    expect(delta(before)).toMatchObject({ kept: 0, reloaded: 8 });
  });

  it('reports memory: weights, mirrors and threads', () => {
    expect(runner.loadInfo.threads).toBe(1);
    expect(runner.loadInfo.threadsReason).toMatch(/thread/);
    expect(runner.weightBytes).toBeGreaterThan(0);
    expect(runner.memoryBytes).toBeGreaterThan(runner.weightBytes);
    expect(runner.kvMirrorBytes).toBeGreaterThan(0);
    expect(runner.reservedBytes).toBeGreaterThanOrEqual(runner.memoryBytes);
  });

  it('a disposed runner refuses to forward with DISPOSED and frees its mirrors', async () => {
    const other = await loadFixtureRunner('tiny');
    const cache = new FullKVCache(other.kvLayout);
    await prefill(other, cache, [1, 2]);
    await other.dispose();
    expect(other.kvMirrorBytes).toBe(0);
    await expect(prefill(other, cache, [3])).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
