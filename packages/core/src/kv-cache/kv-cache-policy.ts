import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVStorage } from './token-store.js';

/** Keep every token in float32. */
export interface FullKVCachePolicy {
  type: 'full';
}

/** Keep the first `sinks` tokens and the last `window` tokens (see `SlidingWindowKVCache`). */
export interface SlidingWindowKVCachePolicy {
  type: 'sliding-window';
  window: number;
  sinks?: number;
  storage?: KVStorage;
  groupSize?: number;
}

/** Evict the tokens with the smallest value norms under a hard byte cap (see `ValueNormKVCache`). */
export interface ValueNormKVCachePolicy {
  type: 'value-norm';
  maxBytes: number;
  thresholdBytes?: number;
  targetBytes?: number;
  sinks?: number;
  recent?: number;
  storage?: KVStorage;
  groupSize?: number;
}

/** Keep every token as int8 or int4 with per-group scales (see `QuantizedKVCache`). */
export interface QuantizedKVCachePolicy {
  type: 'quantized';
  bits: 8 | 4;
  groupSize?: number;
}

/** A KV cache policy as plain data: it survives JSON and `postMessage`, so it can travel with a request. */
export type KVCachePolicy =
  | FullKVCachePolicy
  | SlidingWindowKVCachePolicy
  | ValueNormKVCachePolicy
  | QuantizedKVCachePolicy;

const STORAGES: readonly KVStorage[] = ['f32', 'int8', 'int4'];

function invalid(field: string, message: string): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', `KV cache policy: "${field}" ${message}`, {
    details: { field },
  });
}

function checkInt(policy: object, field: string, min: number, required: boolean): void {
  const value = (policy as Record<string, unknown>)[field];
  if (value === undefined && !required) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(field, `must be an integer ≥ ${min}, got ${JSON.stringify(value)}.`);
  }
}

function checkStorage(policy: { storage?: unknown }): void {
  if (policy.storage !== undefined && !STORAGES.includes(policy.storage as KVStorage)) {
    throw invalid('storage', `must be one of ${STORAGES.join(', ')}, got ${JSON.stringify(policy.storage)}.`);
  }
}

/**
 * Checks a policy's fields and returns it typed; throws `INVALID_OPTIONS` naming the first bad field (also in
 * `details.field`). Policies often come from JSON or a request, so the check does not trust the static type.
 */
export function validateKVCachePolicy(policy: unknown): KVCachePolicy {
  if (typeof policy !== 'object' || policy === null)
    throw invalid('type', 'is missing: the policy must be an object.');
  const p = policy as Record<string, unknown>;
  switch (p.type) {
    case 'full':
      return p as unknown as FullKVCachePolicy;
    case 'sliding-window':
      checkInt(p, 'window', 1, true);
      checkInt(p, 'sinks', 0, false);
      checkStorage(p);
      checkInt(p, 'groupSize', 1, false);
      return p as unknown as SlidingWindowKVCachePolicy;
    case 'value-norm': {
      checkInt(p, 'maxBytes', 1, true);
      checkInt(p, 'thresholdBytes', 1, false);
      checkInt(p, 'targetBytes', 1, false);
      checkInt(p, 'sinks', 0, false);
      checkInt(p, 'recent', 0, false);
      checkStorage(p);
      checkInt(p, 'groupSize', 1, false);
      const max = p.maxBytes as number;
      const threshold = (p.thresholdBytes as number | undefined) ?? max;
      if (threshold > max)
        throw invalid('thresholdBytes', `(${threshold}) must not exceed maxBytes (${max}).`);
      if (p.targetBytes !== undefined && (p.targetBytes as number) > threshold) {
        throw invalid('targetBytes', `(${p.targetBytes}) must not exceed thresholdBytes (${threshold}).`);
      }
      return p as unknown as ValueNormKVCachePolicy;
    }
    case 'quantized':
      if (p.bits !== 8 && p.bits !== 4)
        throw invalid('bits', `must be 8 or 4, got ${JSON.stringify(p.bits)}.`);
      checkInt(p, 'groupSize', 1, false);
      return p as unknown as QuantizedKVCachePolicy;
    default:
      throw invalid(
        'type',
        `must be one of full, sliding-window, value-norm, quantized, got ${JSON.stringify(p.type)}.`,
      );
  }
}
