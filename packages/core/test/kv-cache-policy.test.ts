import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { createKVCache } from '../src/kv-cache/create-kv-cache.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import { kvBytesForContext, kvBytesPerToken } from '../src/kv-cache/kv-bytes-per-token.js';
import type { KVCachePolicy } from '../src/kv-cache/kv-cache-policy.js';
import { QuantizedKVCache } from '../src/kv-cache/quantized-kv-cache.js';
import { SlidingWindowKVCache } from '../src/kv-cache/sliding-window-kv-cache.js';
import { ValueNormKVCache } from '../src/kv-cache/value-norm-kv-cache.js';
import { entries, layout, range } from './kv-test-entries.js';

const smollm = { numLayers: 30, numKVHeads: 3, headDim: 64 };

function rejection(fn: () => unknown): PocketLMError {
  try {
    fn();
  } catch (error) {
    if (PocketLMError.isInstance(error, 'INVALID_OPTIONS')) return error;
    throw error;
  }
  throw new Error('expected INVALID_OPTIONS');
}

describe('createKVCache', () => {
  it('builds the cache each policy names, full by default', () => {
    expect(createKVCache(layout)).toBeInstanceOf(FullKVCache);
    expect(createKVCache(layout, { type: 'sliding-window', window: 8 })).toBeInstanceOf(SlidingWindowKVCache);
    expect(createKVCache(layout, { type: 'value-norm', maxBytes: 4096 })).toBeInstanceOf(ValueNormKVCache);
    expect(createKVCache(layout, { type: 'quantized', bits: 4 })).toBeInstanceOf(QuantizedKVCache);
  });

  it('takes a policy that went through JSON, and its bytes match kvBytesPerToken', () => {
    const policies: KVCachePolicy[] = [
      { type: 'full' },
      { type: 'sliding-window', window: 4, sinks: 1, storage: 'int4', groupSize: 2 },
      { type: 'value-norm', maxBytes: 10_000, recent: 2, storage: 'int8' },
      { type: 'quantized', bits: 8, groupSize: 2 },
    ];
    for (const policy of policies) {
      const cache = createKVCache(layout, JSON.parse(JSON.stringify(policy)));
      cache.append(entries(range(0, 3)));
      expect(cache.bytes).toBe(3 * kvBytesPerToken(layout, policy));
    }
  });

  it.each([
    [{ type: 'lru' }, 'type'],
    [null, 'type'],
    [{ type: 'sliding-window' }, 'window'],
    [{ type: 'sliding-window', window: 0 }, 'window'],
    [{ type: 'sliding-window', window: 4, sinks: -1 }, 'sinks'],
    [{ type: 'sliding-window', window: 4, storage: 'fp8' }, 'storage'],
    [{ type: 'sliding-window', window: 4, groupSize: 1.5 }, 'groupSize'],
    [{ type: 'value-norm' }, 'maxBytes'],
    [{ type: 'value-norm', maxBytes: 100, thresholdBytes: 200 }, 'thresholdBytes'],
    [{ type: 'value-norm', maxBytes: 100, targetBytes: 101 }, 'targetBytes'],
    [{ type: 'value-norm', maxBytes: 100, recent: '4' }, 'recent'],
    [{ type: 'quantized', bits: 2 }, 'bits'],
    [{ type: 'quantized', bits: 8, groupSize: 0 }, 'groupSize'],
  ])('rejects %j naming "%s"', (policy, field) => {
    const error = rejection(() => createKVCache(layout, policy as KVCachePolicy));
    expect(error.message).toContain(`"${field}"`);
    expect(error.details).toEqual({ field });
  });
});

describe('kvBytesPerToken / kvBytesForContext', () => {
  it('gives the per-token size of each storage for a SmolLM-135M layout', () => {
    expect(kvBytesPerToken(smollm)).toBe(2 * 30 * 3 * 64 * 4); // 46,080
    expect(kvBytesPerToken(smollm, { type: 'quantized', bits: 8 })).toBe(2 * 30 * 3 * (64 + 2 * 4));
    expect(kvBytesPerToken(smollm, { type: 'quantized', bits: 4 })).toBe(2 * 30 * 3 * (32 + 2 * 4));
    expect(kvBytesPerToken(smollm, { type: 'sliding-window', window: 9, storage: 'int4' })).toBe(
      kvBytesPerToken(smollm, { type: 'quantized', bits: 4 }),
    );
    expect(() => kvBytesPerToken(smollm, { type: 'quantized', bits: 3 as 8 })).toThrow(/"bits"/);
  });

  it('bounds the context bytes by the window or the cap', () => {
    const per = kvBytesPerToken(smollm);
    expect(kvBytesForContext(smollm, { type: 'full' }, 1000)).toBe(1000 * per);
    expect(kvBytesForContext(smollm, { type: 'sliding-window', window: 256 }, 1000)).toBe(260 * per);
    expect(kvBytesForContext(smollm, { type: 'sliding-window', window: 256 }, 100)).toBe(100 * per);
    expect(kvBytesForContext(smollm, { type: 'value-norm', maxBytes: 1e6 }, 1000)).toBe(1e6);
  });
});
