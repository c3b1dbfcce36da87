import type { BackendCapabilities } from '../backend/backend.js';
import type { ModelRunner } from '../backend/model-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { kvBytesPerToken } from '../kv-cache/kv-bytes-per-token.js';
import type { KVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import { ContinuousBatchScheduler } from '../scheduler/continuous-batch-scheduler.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { SerialScheduler } from '../scheduler/serial-scheduler.js';

/** How an engine schedules its requests. */
export interface SchedulingOptions {
  /**
   * `continuous` (default when the backend batches): concurrent requests share forward passes, and long prompts are
   * prefilled in chunks between other requests' decode steps. `serial`: one request at a time.
   */
  scheduler?: 'continuous' | 'serial';
  /** Most requests running at once, each holding its KV (default: the backend's max batch size). */
  maxConcurrency?: number;
  /** Most requests waiting; beyond it a request rejects at once with `QUEUE_FULL` (default 256). */
  maxQueued?: number;
  /**
   * Total bytes the model may use: weights plus every running request's KV at its prompt + `maxTokens`. Requests
   * wait until their KV fits; one that can never fit rejects with `MEMORY_BUDGET_EXCEEDED`.
   */
  memoryBudgetBytes?: number;
  /** Prompt tokens per forward call during prefill (default 256). */
  prefillChunkSize?: number;
}

/** Builds the scheduler an engine runs its requests through. */
export function createScheduler(
  runner: ModelRunner,
  capabilities: BackendCapabilities,
  kvCache: KVCachePolicy,
  options: SchedulingOptions,
  /** Bytes held besides the model's weights and the requests' KV (a draft model, the prefix cache). */
  extraReservedBytes = 0,
): Scheduler {
  const kind = options.scheduler ?? (capabilities.maxBatchSize > 1 ? 'continuous' : 'serial');
  if (kind === 'serial') {
    if (options.memoryBudgetBytes !== undefined) {
      throw new PocketLMError('INVALID_OPTIONS', 'memoryBudgetBytes needs the continuous scheduler.');
    }
    return new SerialScheduler(runner, { prefillChunkSize: options.prefillChunkSize });
  }
  if (kind !== 'continuous') {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"scheduler" must be "continuous" or "serial", got ${JSON.stringify(kind)}.`,
    );
  }
  return new ContinuousBatchScheduler(runner, {
    maxBatchSize: capabilities.maxBatchSize,
    maxActive: options.maxConcurrency,
    maxQueued: options.maxQueued,
    prefillChunkSize: options.prefillChunkSize,
    memoryBudget:
      options.memoryBudgetBytes === undefined
        ? undefined
        : {
            bytes: options.memoryBudgetBytes,
            // Reservations use the engine's default policy; a request with a tighter policy reserves too much,
            // never too little, unless it asks for a bigger one.
            bytesPerToken: kvBytesPerToken(runner.kvLayout, kvCache),
            reservedBytes: (runner.weightBytes ?? 0) + extraReservedBytes,
          },
  });
}
