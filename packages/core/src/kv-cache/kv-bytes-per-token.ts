import type { KVCacheLayout } from './kv-cache.js';
import { type KVCachePolicy, validateKVCachePolicy } from './kv-cache-policy.js';
import { rowQuantizer } from './kv-quantization.js';
import { DEFAULT_SINK_TOKENS } from './sliding-window-kv-cache.js';
import { DEFAULT_KV_GROUP_SIZE, type KVStorage } from './token-store.js';

function storageOf(policy: KVCachePolicy): { storage: KVStorage; groupSize: number } {
  switch (policy.type) {
    case 'full':
      return { storage: 'f32', groupSize: DEFAULT_KV_GROUP_SIZE };
    case 'quantized':
      return {
        storage: policy.bits === 8 ? 'int8' : 'int4',
        groupSize: policy.groupSize ?? DEFAULT_KV_GROUP_SIZE,
      };
    default:
      return { storage: policy.storage ?? 'f32', groupSize: policy.groupSize ?? DEFAULT_KV_GROUP_SIZE };
  }
}

/** Bytes one token takes, across all layers' keys and values, in a cache built from `policy`. */
export function kvBytesPerToken(layout: KVCacheLayout, policy: KVCachePolicy = { type: 'full' }): number {
  const { storage, groupSize } = storageOf(validateKVCachePolicy(policy));
  const { numLayers, numKVHeads, headDim } = layout;
  if (storage === 'f32') return 2 * numLayers * numKVHeads * headDim * 4;
  const q = rowQuantizer(storage === 'int8' ? 8 : 4, headDim, groupSize);
  return 2 * numLayers * numKVHeads * (q.rowBytes + q.groups * 4);
}

/**
 * Most bytes a cache built from `policy` holds between calls for a sequence of `tokens` tokens: what a memory
 * budget should reserve. Eviction policies are bounded by their window or cap whatever the length.
 */
export function kvBytesForContext(layout: KVCacheLayout, policy: KVCachePolicy, tokens: number): number {
  const p = validateKVCachePolicy(policy);
  const perToken = kvBytesPerToken(layout, p);
  const all = Math.max(0, tokens) * perToken;
  if (p.type === 'sliding-window') {
    return Math.min(all, (p.window + (p.sinks ?? DEFAULT_SINK_TOKENS)) * perToken);
  }
  if (p.type === 'value-norm') return Math.min(all, p.maxBytes);
  return all;
}
