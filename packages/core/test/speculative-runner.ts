import type { ForwardBatch, ForwardResult, ModelRunner } from '../src/backend/model-runner.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import type { KVCache } from '../src/kv-cache/kv-cache.js';
import { parseModelConfig } from '../src/model/model-config.js';
import type { SequenceTask } from '../src/scheduler/scheduler.js';

export const SCRIPT_VOCAB = 64;
const layout = { numLayers: 1, numKVHeads: 1, headDim: 1 };

/** The next token a {@link ScriptedRunner} predicts after `sequence`: depends on the whole sequence. */
export type NextToken = (sequence: readonly number[]) => number;

/** Next = a hash of the whole sequence: drafts from lookups are almost always wrong. */
export const hashNext: NextToken = (seq) => seq.reduce((h, t) => (h * 31 + t + 7) % 9973, 1) % SCRIPT_VOCAB;

/** Next = a cycle through 1..cycle after the last token: copying earlier text predicts it exactly. */
export const cycleNext =
  (cycle = 9): NextToken =>
  (seq) =>
    (seq[seq.length - 1] % cycle) + 1;

/**
 * A runner for speculative decoding's scheduling: the KV entries are the token ids, so the held sequence is known,
 * and row r of the logits one-hot encodes `next(held + tokens[0..r])`. It supports `logits: 'all'` like a real
 * backend and appends nothing when a call fails or is aborted.
 */
export class ScriptedRunner implements ModelRunner {
  readonly config = parseModelConfig(
    JSON.stringify({
      vocab_size: SCRIPT_VOCAB,
      hidden_size: 1,
      intermediate_size: 1,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      max_position_embeddings: 512,
    }),
  );
  readonly vocabSize = SCRIPT_VOCAB;
  readonly kvLayout = layout;
  /** Token counts of every sequence of every forward call. */
  readonly calls: number[][] = [];
  onForward?: (batch: ForwardBatch) => void;

  constructor(private readonly next: NextToken) {}

  async forward(batch: ForwardBatch): Promise<ForwardResult> {
    this.calls.push(batch.sequences.map((s) => s.tokens.length));
    this.onForward?.(batch);
    await new Promise((r) => setTimeout(r, 0));
    if (batch.signal?.aborted) throw new PocketLMError('ABORTED', 'aborted');
    const logits = batch.sequences.map((s) => {
      const tokens = Array.from(s.tokens);
      const seq = [...heldTokens(s.cache)];
      const rows = s.logits === 'all' ? tokens.length : 1;
      const out = new Float32Array(rows * SCRIPT_VOCAB);
      tokens.forEach((t, i) => {
        seq.push(t);
        const row = s.logits === 'all' ? i : i - (tokens.length - 1);
        if (row >= 0) out[row * SCRIPT_VOCAB + this.next(seq)] = 1;
      });
      const kv = Float32Array.from(tokens);
      s.cache.append({ positions: s.positions, keys: [kv], values: [kv] });
      return out;
    });
    return { logits };
  }

  async dispose(): Promise<void> {}
}

/** The token ids a scripted cache holds. */
export function heldTokens(cache: KVCache): number[] {
  return Array.from(cache.read(0).key);
}

/** A greedy task that generates `steps` tokens into `out` (the last one is not fed). */
export function greedyTask(
  prompt: number[],
  steps: number,
  out: number[],
  extra: Partial<SequenceTask> = {},
): SequenceTask & { cache: KVCache } {
  return {
    prompt,
    cache: new FullKVCache(layout),
    onLogits: (row) => {
      const next = row.indexOf(1);
      out.push(next);
      return out.length < steps ? { next } : { done: true };
    },
    ...extra,
  };
}
