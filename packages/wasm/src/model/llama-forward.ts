import { type ModelConfig, throwIfAborted } from '@pocketlm/core';
import type { KernelExports } from '../kernels/kernel-exports.js';
import type { KVMirror } from '../kv/kv-mirror.js';
import type { WasmHeap } from '../memory/wasm-heap.js';
import { directExecutor, type KernelCall, type KernelExecutor } from '../threads/kernel-executor.js';
import { allocateScratch, type ScratchBuffers } from './forward-scratch.js';
import type { LayerWeights, LlamaWeights } from './llama-weights.js';
import { embeddingRow, projectCall } from './project.js';
import { ropeInverseFrequencies } from './rope-scaling.js';
import { fillRopeTables } from './rope-tables.js';

/** One sequence of a batch, with the mirror that already holds its cache. */
export interface SequenceInput {
  tokens: ArrayLike<number>;
  positions: ArrayLike<number>;
  mirror: KVMirror;
  logits: 'last' | 'all';
}

/** Per sequence: its logits rows and its new keys and values per layer, [kvHeads, tokens, headDim] each. */
export interface SequenceOutput {
  logits: Float32Array;
  keys: Float32Array[];
  values: Float32Array[];
}

/** Batches of this many new tokens or more yield to the event loop between layers, so an abort can land. */
const YIELD_FROM_TOKENS = 64;

const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The Llama-family forward pass over the kernels: every new token of every sequence goes through each weight
 * matrix in one product (weights are read once per layer for the whole batch); attention runs per sequence over
 * its mirror, where the new keys and values are written at the mirror's end (the mirror's length is left to the
 * caller, which commits only once the cache took the append).
 */
export class LlamaForward {
  private scratchBase = 0;
  private scratch: ScratchBuffers | undefined;
  private readonly invFreq: Float32Array;
  private readonly rows: { q: number; kv: number };

  constructor(
    private readonly kernels: KernelExports,
    private readonly heap: WasmHeap,
    private readonly config: ModelConfig,
    private readonly weights: LlamaWeights,
    /** Runs the products and attention: here, or split by rows across worker threads sharing the memory. */
    private readonly executor: KernelExecutor = directExecutor(kernels),
  ) {
    this.invFreq = ropeInverseFrequencies(config);
    this.rows = { q: config.numHeads * config.headDim, kv: config.numKVHeads * config.headDim };
  }

  private scratchFor(tokens: number, logitRows: number): ScratchBuffers {
    const s = this.scratch;
    if (s && s.tokens >= tokens && s.logitRows >= logitRows) return s;
    if (s) this.heap.release(this.scratchBase);
    this.scratch = undefined;
    const grown = allocateScratch(
      this.heap,
      this.config,
      Math.max(tokens, s?.tokens ?? 0),
      Math.max(logitRows, s?.logitRows ?? 0),
    );
    this.scratchBase = grown.base;
    this.scratch = grown.buffers;
    return grown.buffers;
  }

  /** Frees the scratch buffers (they are reallocated on the next run). */
  releaseScratch(): void {
    if (this.scratch) this.heap.release(this.scratchBase);
    this.scratch = undefined;
  }

  async run(sequences: SequenceInput[], signal?: AbortSignal): Promise<SequenceOutput[]> {
    const { config } = this;
    const total = sequences.reduce((sum, s) => sum + s.tokens.length, 0);
    const logitRows = sequences.reduce((sum, s) => sum + (s.logits === 'all' ? s.tokens.length : 1), 0);
    const maxKeys = Math.max(...sequences.map((s) => s.mirror.length + s.tokens.length));
    const scratch = this.scratchFor(total, logitRows);
    // One scores buffer per thread (attention's heads are split across them), a cache line apart.
    const scoresStride = Math.ceil((maxKeys * 4) / 64) * 64;
    const scores = this.heap.alloc(scoresStride * this.executor.threads);
    try {
      this.embed(sequences, scratch);
      const keys = sequences.map(() => [] as Float32Array[]);
      const values = sequences.map(() => [] as Float32Array[]);
      for (let l = 0; l < config.numLayers; l++) {
        if (total >= YIELD_FROM_TOKENS) await nextMacrotask();
        throwIfAborted(signal);
        this.attentionBlock(
          this.weights.layers[l],
          l,
          sequences,
          scratch,
          { at: scores, stride: scoresStride },
          total,
          keys,
          values,
        );
        this.mlpBlock(this.weights.layers[l], scratch, total);
      }
      throwIfAborted(signal);
      const logits = this.logits(sequences, scratch, logitRows);
      return sequences.map((_, i) => ({ logits: logits[i], keys: keys[i], values: values[i] }));
    } finally {
      this.heap.release(scores);
    }
  }

  private embed(sequences: SequenceInput[], s: ScratchBuffers): void {
    const { hiddenSize: hidden, headDim } = this.config;
    let row = 0;
    const half = headDim / 2;
    const total = s.tokens;
    const cos = this.heap.f32(s.cos, total * half);
    const sin = this.heap.f32(s.sin, total * half);
    for (const seq of sequences) {
      fillRopeTables(this.invFreq, seq.positions, cos, sin, row);
      for (let t = 0; t < seq.tokens.length; t++, row++) {
        embeddingRow(this.kernels, this.weights.embed, seq.tokens[t], s.x + row * hidden * 4);
      }
    }
  }

  private attentionBlock(
    w: LayerWeights,
    layer: number,
    sequences: SequenceInput[],
    s: ScratchBuffers,
    scores: { at: number; stride: number },
    n: number,
    keys: Float32Array[][],
    values: Float32Array[][],
  ): void {
    const k = this.kernels;
    const { hiddenSize: hidden, numHeads, numKVHeads, headDim, rmsNormEps } = this.config;
    k.rmsNorm(s.x, w.inputNorm, s.normed, n, hidden, rmsNormEps);
    this.executor.run([
      projectCall(k, s, w.q, s.normed, n, s.q),
      projectCall(k, s, w.k, s.normed, n, s.k, w.k.format !== 'f32' && w.q.format !== 'f32'),
      projectCall(
        k,
        s,
        w.v,
        s.normed,
        n,
        s.v,
        w.v.format !== 'f32' && (w.k.format !== 'f32' || w.q.format !== 'f32'),
      ),
    ]);
    if (w.qBias) k.addBias(s.q, w.qBias, n, this.rows.q);
    if (w.kBias) k.addBias(s.k, w.kBias, n, this.rows.kv);
    if (w.vBias) k.addBias(s.v, w.vBias, n, this.rows.kv);
    k.rope(s.q, n, numHeads, headDim, this.rows.q, s.cos, s.sin);
    k.rope(s.k, n, numKVHeads, headDim, this.rows.kv, s.cos, s.sin);
    const scale = Math.fround(1 / Math.sqrt(headDim));
    let row = 0;
    // Sequences attend over their own mirrors, so their attention calls run as one split dispatch.
    const attention: KernelCall[] = [];
    for (let i = 0; i < sequences.length; i++) {
      const { mirror, tokens } = sequences[i];
      const count = tokens.length;
      const kPtr = mirror.keys(layer);
      const vPtr = mirror.values(layer);
      k.scatterHeads(
        s.k + row * this.rows.kv * 4,
        kPtr,
        count,
        numKVHeads,
        headDim,
        mirror.capacity,
        mirror.length,
      );
      k.scatterHeads(
        s.v + row * this.rows.kv * 4,
        vPtr,
        count,
        numKVHeads,
        headDim,
        mirror.capacity,
        mirror.length,
      );
      attention.push({
        kernel: 'attention',
        args: [
          s.q + row * this.rows.q * 4,
          kPtr,
          vPtr,
          s.attended + row * this.rows.q * 4,
          count,
          numHeads,
          numKVHeads,
          headDim,
          mirror.capacity,
          mirror.length,
          scale,
          scores.at,
        ],
        rows: numHeads,
        scratch: { arg: 11, stride: scores.stride },
      });
      keys[i].push(this.newEntries(kPtr, mirror, count));
      values[i].push(this.newEntries(vPtr, mirror, count));
      row += count;
    }
    this.executor.run(attention);
    this.executor.run([projectCall(k, s, w.o, s.attended, n, s.projected)]);
    k.addInPlace(s.x, s.projected, n * hidden);
  }

  /** Copies the `count` entries just written at the mirror's end out as [kvHeads, count, headDim]. */
  private newEntries(region: number, mirror: KVMirror, count: number): Float32Array {
    const { numKVHeads, headDim } = this.config;
    const out = new Float32Array(numKVHeads * count * headDim);
    const floats = new Float32Array(this.heap.memory.buffer);
    for (let h = 0; h < numKVHeads; h++) {
      const from = region / 4 + (h * mirror.capacity + mirror.length) * headDim;
      out.set(floats.subarray(from, from + count * headDim), h * count * headDim);
    }
    return out;
  }

  private mlpBlock(w: LayerWeights, s: ScratchBuffers, n: number): void {
    const k = this.kernels;
    const { hiddenSize: hidden, intermediateSize: inter, rmsNormEps } = this.config;
    k.rmsNorm(s.x, w.postNorm, s.normed, n, hidden, rmsNormEps);
    this.executor.run([
      projectCall(k, s, w.gate, s.normed, n, s.gate),
      projectCall(k, s, w.up, s.normed, n, s.up, w.up.format !== 'f32' && w.gate.format !== 'f32'),
    ]);
    k.swiglu(s.gate, s.up, s.gate, n * inter);
    this.executor.run([projectCall(k, s, w.down, s.gate, n, s.projected)]);
    k.addInPlace(s.x, s.projected, n * hidden);
  }

  private logits(sequences: SequenceInput[], s: ScratchBuffers, logitRows: number): Float32Array[] {
    const { hiddenSize: hidden, vocabSize, rmsNormEps } = this.config;
    const floats = new Float32Array(this.heap.memory.buffer);
    // Gather the rows that need logits, then norm and project only those.
    let row = 0;
    let out = 0;
    for (const seq of sequences) {
      const n = seq.tokens.length;
      const first = seq.logits === 'all' ? row : row + n - 1;
      const count = seq.logits === 'all' ? n : 1;
      floats.copyWithin(
        s.normed / 4 + out * hidden,
        s.x / 4 + first * hidden,
        s.x / 4 + (first + count) * hidden,
      );
      out += count;
      row += n;
    }
    this.kernels.rmsNorm(s.normed, this.weights.finalNorm, s.normed, logitRows, hidden, rmsNormEps);
    this.executor.run([projectCall(this.kernels, s, this.weights.lmHead, s.normed, logitRows, s.logits)]);
    const all = this.heap.f32(s.logits, logitRows * vocabSize);
    let at = 0;
    return sequences.map((seq) => {
      const count = seq.logits === 'all' ? seq.tokens.length : 1;
      const rows = all.slice(at * vocabSize, (at + count) * vocabSize);
      at += count;
      return rows;
    });
  }
}
