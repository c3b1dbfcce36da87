import type { ModelRunner } from '../backend/model-runner.js';
import { FullKVCache } from '../kv-cache/full-kv-cache.js';
import { argmax } from '../sampling/sample-token.js';
import type { Drafter } from './drafter.js';

/** Catch-ups up to this many tokens run one token per forward. */
const SINGLE_STEP_CATCH_UP = 2;

/** Options of {@link DraftModelDrafter}. */
export interface DraftModelDrafterOptions {
  /** Ids the tokenizer can produce; drafts never pick padding ids beyond it (default: the runner's vocabulary). */
  vocabLimit?: number;
  /** Tokens per forward when the draft model catches up on a long prompt (default 256). */
  prefillChunkSize?: number;
}

/**
 * Draft-model drafting: a smaller or lower-precision model with the same tokenizer proposes tokens greedily. It
 * keeps its own KV cache for one sequence and, on each call, rolls back to the longest prefix it shares with the
 * sequence (rejected drafts drop out that way) and runs only what is new: usually one token, then one per draft.
 */
export class DraftModelDrafter implements Drafter {
  private readonly runner: ModelRunner;
  private readonly cache: FullKVCache;
  private readonly vocabLimit: number;
  private readonly chunk: number;
  /** The tokens whose KV the cache holds, by position. */
  private readonly ids: number[] = [];

  constructor(runner: ModelRunner, options: DraftModelDrafterOptions = {}) {
    this.runner = runner;
    this.cache = new FullKVCache(runner.kvLayout);
    this.vocabLimit = Math.min(options.vocabLimit ?? runner.vocabSize, runner.vocabSize);
    this.chunk = options.prefillChunkSize ?? 256;
  }

  /** Draft KV bytes per token of the sequence, for memory budgets. */
  get bytesPerToken(): number {
    return this.cache.bytesPerToken;
  }

  /** Bytes the draft KV holds now. */
  get bytes(): number {
    return this.cache.bytes;
  }

  async propose(history: readonly number[], maxTokens: number, signal?: AbortSignal): Promise<number[]> {
    // The draft model may have a shorter context than the target; then it has no guess.
    if (maxTokens < 1 || history.length + maxTokens > this.runner.config.maxPositionEmbeddings) return [];
    // Keep the shared prefix, but always rerun at least the last token: its logits give the first draft.
    let common = 0;
    const limit = Math.min(this.ids.length, history.length - 1);
    while (common < limit && this.ids[common] === history[common]) common++;
    if (common < this.ids.length) {
      this.cache.truncate(common);
      this.ids.length = common;
    }
    let logits: Float32Array | undefined;
    // The usual catch-up is one or two tokens (the last draft and the verifier's bonus token). Those run one at a
    // time: runtimes take a matrix-vector fast path for a single token (ONNX Runtime's 4-bit MatMulNBits runs a
    // two-token forward about 3x slower than a one-token one), so two single steps beat one pair.
    const step = history.length - common <= SINGLE_STEP_CATCH_UP ? 1 : this.chunk;
    for (let start = common; start < history.length; start += step) {
      logits = await this.run(history.slice(start, start + step) as number[], signal);
    }
    const drafts: number[] = [];
    while (logits) {
      const next = argmax(logits, this.vocabLimit);
      drafts.push(next);
      if (drafts.length >= maxTokens) break;
      logits = await this.run([next], signal);
    }
    return drafts;
  }

  dispose(): void {
    this.cache.clear();
    this.ids.length = 0;
  }

  private async run(tokens: number[], signal: AbortSignal | undefined): Promise<Float32Array> {
    const start = this.cache.nextPosition;
    const result = await this.runner.forward({
      sequences: [{ tokens, positions: tokens.map((_, i) => start + i), cache: this.cache, logits: 'last' }],
      signal,
    });
    for (const t of tokens) this.ids.push(t);
    return result.logits[0];
  }
}
