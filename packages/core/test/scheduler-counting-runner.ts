import type { ForwardBatch, ForwardResult, ModelRunner } from '../src/backend/model-runner.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import type { KVCache } from '../src/kv-cache/kv-cache.js';
import { parseModelConfig } from '../src/model/model-config.js';
import type { SequenceTask } from '../src/scheduler/scheduler.js';

export const COUNTING_VOCAB = 256;
export const countingLayout = { numLayers: 1, numKVHeads: 1, headDim: 1 };

/** One sequence of a recorded forward call. */
export interface RecordedSequence {
  cache: KVCache;
  tokens: number[];
  positions: number[];
}

/**
 * A counting runner for scheduling behaviour only (order, batching, chunking, abort): each forward appends real KV
 * entries (the token ids) and returns, per sequence, a logits row whose argmax is (last token + 1). Like a real
 * runner it appends nothing when the call fails or its signal has fired. Model numerics are tested against real
 * backends.
 */
export class CountingRunner implements ModelRunner {
  readonly config = parseModelConfig(
    JSON.stringify({
      vocab_size: COUNTING_VOCAB,
      hidden_size: 1,
      intermediate_size: 1,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      max_position_embeddings: 4096,
    }),
  );
  readonly vocabSize = COUNTING_VOCAB;
  readonly kvLayout = countingLayout;
  /** Every forward call's sequences, in call order. */
  readonly batches: RecordedSequence[][] = [];
  delayMs = 0;
  /** Runs after a call is recorded and before it computes: the place to submit, abort or fail mid-step. */
  onForward?: (call: number, batch: ForwardBatch) => void | Promise<void>;

  /** The token lists of every sequence of every call, flattened: what a one-at-a-time scheduler fed. */
  get calls(): number[][] {
    return this.batches.flatMap((b) => b.map((s) => s.tokens));
  }

  async forward(batch: ForwardBatch): Promise<ForwardResult> {
    this.batches.push(
      batch.sequences.map((s) => ({
        cache: s.cache,
        tokens: Array.from(s.tokens),
        positions: Array.from(s.positions),
      })),
    );
    await this.onForward?.(this.batches.length, batch);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (batch.signal?.aborted) throw new PocketLMError('ABORTED', 'aborted');
    const logits = batch.sequences.map((s) => {
      const tokens = Array.from(s.tokens);
      const kv = Float32Array.from(tokens);
      s.cache.append({ positions: s.positions, keys: [kv], values: [kv] });
      const row = new Float32Array(COUNTING_VOCAB);
      row[(tokens[tokens.length - 1] + 1) % COUNTING_VOCAB] = 1;
      return row;
    });
    return { logits };
  }

  async dispose(): Promise<void> {}
}

/**
 * A task that greedily takes the argmax `steps` times (the last one ends it), logging `name:start` and
 * `name:<token>` to `log`.
 */
export function countingTask(
  prompt: number[],
  steps: number,
  log: string[],
  name: string,
  extra: Partial<Omit<SequenceTask, 'cache'>> = {},
): SequenceTask & { cache: FullKVCache } {
  let left = steps;
  return {
    prompt,
    cache: new FullKVCache(countingLayout),
    onStart: () => log.push(`${name}:start`),
    onLogits: (row: Float32Array) => {
      const next = row.indexOf(1);
      log.push(`${name}:${next}`);
      return --left > 0 ? { next } : ({ done: true } as const);
    },
    ...extra,
  };
}

/** The KV entries (token ids) a counting cache holds. */
export function heldTokens(cache: KVCache): number[] {
  return Array.from(cache.read(0).key);
}
