import type { ForwardBatch, ForwardResult, ForwardSequence, ModelRunner } from '../backend/model-runner.js';
import { validateForwardBatch } from '../backend/validate-forward-batch.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { KVAppend, KVCacheLayout } from '../kv-cache/kv-cache.js';
import type { ModelConfig } from '../model/model-config.js';
import { expectedOutputNames } from './onnx-io-layout.js';
import type { OrtRunResult, OrtRuntime, OrtSession, OrtTensor } from './ort-api.js';
import { buildPaddedBatch, groupByTokenCount, runSession, unpadPresent } from './padded-batch.js';

/**
 * Most sequences one `forward` call takes. Sequences that bring the same number of new tokens share one padded
 * ORT call, so this bounds the padded tensors of a call and the KV slices held until its appends.
 */
export const ORT_MAX_BATCH_SIZE = 16;

/** What an `OrtModelRunner` is built from; an ORT backend's `loadModel` assembles it. */
export interface OrtModelRunnerInit {
  ort: OrtRuntime;
  session: OrtSession;
  config: ModelConfig;
  vocabSize: number;
  weightBytes?: number;
}

interface SequenceOutput {
  logits: Float32Array;
  append: KVAppend;
}

/**
 * A `ModelRunner` over an ORT session of an Optimum decoder-with-past export. It feeds each sequence's cached
 * keys and values as `past_key_values.N.*` and hands `present.N.*` (held + new tokens) to the cache.
 */
export class OrtModelRunner implements ModelRunner {
  readonly config: ModelConfig;
  readonly vocabSize: number;
  readonly kvLayout: KVCacheLayout;
  readonly weightBytes: number | undefined;
  private readonly ort: OrtRuntime;
  private session: OrtSession | undefined;
  private readonly fetches: string[];

  constructor(init: OrtModelRunnerInit) {
    this.ort = init.ort;
    this.session = init.session;
    this.config = init.config;
    this.vocabSize = init.vocabSize;
    this.weightBytes = init.weightBytes;
    this.kvLayout = {
      numLayers: init.config.numLayers,
      numKVHeads: init.config.numKVHeads,
      headDim: init.config.headDim,
    };
    this.fetches = expectedOutputNames(init.config.numLayers);
  }

  async forward(batch: ForwardBatch): Promise<ForwardResult> {
    const session = this.requireSession();
    throwIfAborted(batch.signal);
    validateForwardBatch(batch, this.kvLayout, this.vocabSize, ORT_MAX_BATCH_SIZE);
    const { sequences } = batch;
    const outputs = new Array<SequenceOutput>(sequences.length);
    // One ORT call per token count: decode steps (one token each) of many sequences share a call whatever their
    // past lengths, which is what continuous batching needs; a lone sequence runs unpadded.
    for (const group of groupByTokenCount(sequences)) {
      throwIfAborted(batch.signal);
      const members = group.map((i) => sequences[i]);
      const results =
        members.length === 1
          ? [await this.runSequence(session, members[0])]
          : await this.runPadded(session, members);
      group.forEach((index, j) => {
        outputs[index] = results[j];
      });
    }
    // Appends wait until every sequence has run and the signal is still quiet, so an abort or an ORT failure
    // part-way leaves every cache exactly as it was.
    throwIfAborted(batch.signal);
    for (const [i, seq] of sequences.entries()) seq.cache.appendPacked(outputs[i].append);
    return { logits: outputs.map((o) => o.logits) };
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }

  private requireSession(): OrtSession {
    if (!this.session) throw new PocketLMError('DISPOSED', 'This model runner has been disposed.');
    return this.session;
  }

  private buildFeeds(seq: ForwardSequence): Record<string, OrtTensor> {
    const { Tensor } = this.ort;
    const { numLayers, numKVHeads, headDim } = this.kvLayout;
    const n = seq.tokens.length;
    const past = seq.cache.length;
    const ids = new BigInt64Array(n);
    const positions = new BigInt64Array(n);
    for (let t = 0; t < n; t++) {
      ids[t] = BigInt(seq.tokens[t]);
      positions[t] = BigInt(seq.positions[t]);
    }
    const feeds: Record<string, OrtTensor> = {
      input_ids: new Tensor('int64', ids, [1, n]),
      // Every held entry is attended to: the cache policy has already dropped what should not be.
      attention_mask: new Tensor('int64', new BigInt64Array(past + n).fill(1n), [1, past + n]),
      position_ids: new Tensor('int64', positions, [1, n]),
    };
    const size = numKVHeads * past * headDim;
    for (let l = 0; l < numLayers; l++) {
      const { key, value } = seq.cache.read(l);
      if (key.length !== size || value.length !== size) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `KV cache layer ${l} returned ${key.length}/${value.length} values for ${past} tokens, expected ${size}.`,
        );
      }
      feeds[`past_key_values.${l}.key`] = new Tensor('float32', key, [1, numKVHeads, past, headDim]);
      feeds[`past_key_values.${l}.value`] = new Tensor('float32', value, [1, numKVHeads, past, headDim]);
    }
    return feeds;
  }

  private async runSequence(session: OrtSession, seq: ForwardSequence): Promise<SequenceOutput> {
    const results = await runSession(session, this.buildFeeds(seq), this.fetches);
    try {
      return this.readOutputs(results, seq);
    } finally {
      // Outputs are copied out above; releasing them now keeps native memory from waiting for the GC.
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }

  /** Runs sequences with equal new-token counts as one left-padded ORT batch, then strips each row's padding. */
  private async runPadded(session: OrtSession, sequences: ForwardSequence[]): Promise<SequenceOutput[]> {
    const padded = buildPaddedBatch(this.ort, this.kvLayout, sequences);
    const results = await runSession(session, padded.feeds, this.fetches);
    try {
      const n = padded.newTokens;
      const logitsTensor = results.logits;
      const [batch, rows, width] = logitsTensor.dims;
      if (
        logitsTensor.type !== 'float32' ||
        batch !== sequences.length ||
        rows !== n ||
        width !== this.vocabSize
      ) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `The model returned ${logitsTensor.type} logits shaped [${logitsTensor.dims.join(', ')}], ` +
            `expected float32 [${sequences.length}, ${n}, ${this.vocabSize}].`,
        );
      }
      const data = logitsTensor.data as Float32Array;
      return sequences.map((seq, b) => {
        const end = (b + 1) * n * width;
        const logits = data.slice(seq.logits === 'all' ? b * n * width : end - width, end);
        const keys: Float32Array[] = [];
        const values: Float32Array[] = [];
        for (let l = 0; l < this.kvLayout.numLayers; l++) {
          keys.push(unpadPresent(results[`present.${l}.key`], this.kvLayout, padded, b));
          values.push(unpadPresent(results[`present.${l}.value`], this.kvLayout, padded, b));
        }
        return { logits, append: { positions: Int32Array.from(seq.positions), keys, values } };
      });
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }

  private readOutputs(results: OrtRunResult, seq: ForwardSequence): SequenceOutput {
    const n = seq.tokens.length;
    const logitsTensor = results.logits;
    const [, rows, width] = logitsTensor.dims;
    if (logitsTensor.type !== 'float32' || rows !== n || width !== this.vocabSize) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `The model returned ${logitsTensor.type} logits shaped [${logitsTensor.dims.join(', ')}], ` +
          `expected float32 [1, ${n}, ${this.vocabSize}].`,
      );
    }
    const data = logitsTensor.data as Float32Array;
    const logits = seq.logits === 'all' ? data.slice(0, n * width) : data.slice((n - 1) * width, n * width);
    const keys: Float32Array[] = [];
    const values: Float32Array[] = [];
    const total = seq.cache.length + n;
    for (let l = 0; l < this.kvLayout.numLayers; l++) {
      keys.push(this.presentData(results[`present.${l}.key`], total));
      values.push(this.presentData(results[`present.${l}.value`], total));
    }
    return { logits, append: { positions: Int32Array.from(seq.positions), keys, values } };
  }

  /**
   * The data of a `present` tensor [1, kvHeads, past + n, headDim]: already the packed layout the cache keeps, so it
   * is handed over whole (`appendPacked`) instead of copying the new tokens out and the whole cache back in next step.
   */
  private presentData(present: OrtTensor, total: number): Float32Array {
    const { numKVHeads, headDim } = this.kvLayout;
    const [batch, heads, tokens, dim] = present.dims;
    if (
      present.type !== 'float32' ||
      batch !== 1 ||
      heads !== numKVHeads ||
      dim !== headDim ||
      tokens !== total
    ) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `The model returned a ${present.type} KV tensor shaped [${present.dims.join(', ')}], ` +
          `expected float32 [1, ${numKVHeads}, ${total}, ${headDim}].`,
      );
    }
    return present.data as Float32Array;
  }
}
