import {
  type ForwardBatch,
  type ForwardResult,
  type KVCache,
  type KVCacheLayout,
  type ModelConfig,
  type ModelRunner,
  PocketLMError,
  throwIfAborted,
  validateForwardBatch,
} from '@pocketlm/core';
import type { KVMirrors } from '../kv/kv-mirrors.js';
import type { WasmHeap } from '../memory/wasm-heap.js';
import type { LlamaForward } from '../model/llama-forward.js';
import type { KernelExecutor } from '../threads/kernel-executor.js';
import type { WeightFormat } from '../weights/linear-weight.js';

/** What a load produced, for users and benchmarks. */
export interface WasmLoadInfo {
  /** The weight file read. */
  readonly file: string;
  /** Formats of the weight matrices in memory (several when a GGUF mixes them). */
  readonly weightFormats: readonly WeightFormat[];
  /** Threads the heavy kernels run on (this one plus workers sharing the memory). */
  readonly threads: number;
  /** Why that many: the option asked for it, or why threads were unavailable (no cross-origin isolation, …). */
  readonly threadsReason: string;
}

/** Everything a runner is made of, built by `loadWasmModel`. */
export interface WasmModelRunnerInit {
  config: ModelConfig;
  heap: WasmHeap;
  forward: LlamaForward;
  /** The forward's executor, whose workers (if any) stop on dispose. */
  executor?: KernelExecutor;
  mirrors: KVMirrors;
  weightBytes: number;
  maxBatchSize: number;
  loadInfo: WasmLoadInfo;
}

/**
 * A `ModelRunner` on PocketLM's WASM kernels. Forwards run one at a time (they share scratch memory); all
 * sequences of a batch go through each weight matrix together.
 */
export class WasmModelRunner implements ModelRunner {
  readonly config: ModelConfig;
  readonly vocabSize: number;
  readonly kvLayout: KVCacheLayout;
  readonly weightBytes: number;
  readonly loadInfo: WasmLoadInfo;
  private state: WasmModelRunnerInit | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(init: WasmModelRunnerInit) {
    this.state = init;
    this.config = init.config;
    this.vocabSize = init.config.vocabSize;
    this.kvLayout = {
      numLayers: init.config.numLayers,
      numKVHeads: init.config.numKVHeads,
      headDim: init.config.headDim,
    };
    this.weightBytes = init.weightBytes;
    this.loadInfo = init.loadInfo;
  }

  /** Bytes of WebAssembly memory in use now: weights, KV mirrors, scratch. */
  get memoryBytes(): number {
    return this.state?.heap.bytesAllocated ?? 0;
  }

  /** Bytes of linear memory reserved from the host (never shrinks: WebAssembly memories only grow). */
  get reservedBytes(): number {
    return this.state?.heap.bytesReserved ?? 0;
  }

  /** Bytes held by KV mirrors. */
  get kvMirrorBytes(): number {
    return this.state?.mirrors.bytes ?? 0;
  }

  /** How mirrors were synced with their caches so far (kept, truncated, compacted, reloaded). */
  get mirrorSyncs(): Readonly<Record<string, number>> {
    return { ...(this.state?.mirrors.syncs ?? {}) };
  }

  forward(batch: ForwardBatch): Promise<ForwardResult> {
    const run = this.queue.then(() => this.run(batch));
    this.queue = run.catch(() => {});
    return run;
  }

  private live(): WasmModelRunnerInit {
    if (!this.state) throw new PocketLMError('DISPOSED', 'This model runner has been disposed.');
    return this.state;
  }

  private async run(batch: ForwardBatch): Promise<ForwardResult> {
    const state = this.live();
    validateForwardBatch(batch, this.kvLayout, this.vocabSize, state.maxBatchSize);
    throwIfAborted(batch.signal);
    const { sequences } = batch;
    const pinned = new Set<KVCache>(sequences.map((s) => s.cache));
    const inputs = sequences.map((s) => ({
      tokens: s.tokens,
      positions: s.positions,
      logits: s.logits,
      mirror: state.mirrors.prepare(s.cache, s.tokens.length, pinned),
    }));
    const outputs = await state.forward.run(inputs, batch.signal);
    // The results are dropped if the signal fired meanwhile: caches stay exactly as they were.
    throwIfAborted(batch.signal);
    sequences.forEach((s, i) => {
      const { keys, values } = outputs[i];
      s.cache.append({ positions: s.positions, keys, values });
      inputs[i].mirror.appended(s.positions);
    });
    return { logits: outputs.map((o) => o.logits) };
  }

  async dispose(): Promise<void> {
    const state = this.state;
    if (!state) return;
    this.state = undefined;
    await this.queue;
    state.mirrors.clear();
    state.forward.releaseScratch();
    await state.executor?.dispose();
  }
}
