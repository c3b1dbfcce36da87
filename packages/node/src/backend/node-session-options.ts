import { PocketLMError } from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';

/** ONNX Runtime session settings the Node backend passes through. */
export interface NodeSessionOptions {
  /** Threads used inside one operator; ORT picks one per physical core when unset. */
  intraOpNumThreads?: number;
  /** Threads used to run independent operators in parallel. */
  interOpNumThreads?: number;
  /** How much ORT rewrites the graph when it loads it. Defaults to ORT's own default (`all`). */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** ORT execution providers in order of preference, for example `['cuda', 'cpu']`. Defaults to `['cpu']`. */
  executionProviders?: string[];
}

const levels = new Set(['disabled', 'basic', 'extended', 'all']);

function threadCount(value: number | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `session.${key} must be a non-negative integer, got ${value}.`,
    );
  }
  return value;
}

/** Validates the options and maps them onto ORT's `SessionOptions`. Throws `INVALID_OPTIONS`. */
export function toOrtSessionOptions(options: NodeSessionOptions = {}): InferenceSession.SessionOptions {
  const out: InferenceSession.SessionOptions = {
    executionProviders: options.executionProviders?.length ? [...options.executionProviders] : ['cpu'],
  };
  const intra = threadCount(options.intraOpNumThreads, 'intraOpNumThreads');
  const inter = threadCount(options.interOpNumThreads, 'interOpNumThreads');
  if (intra !== undefined) out.intraOpNumThreads = intra;
  if (inter !== undefined) out.interOpNumThreads = inter;
  if (options.graphOptimizationLevel !== undefined) {
    if (!levels.has(options.graphOptimizationLevel)) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `session.graphOptimizationLevel must be one of ${[...levels].join(', ')}, got ${JSON.stringify(options.graphOptimizationLevel)}.`,
      );
    }
    out.graphOptimizationLevel = options.graphOptimizationLevel;
  }
  return out;
}
