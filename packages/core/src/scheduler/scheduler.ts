import type { KVCache } from '../kv-cache/kv-cache.js';
import type { SpeculationRequest } from '../speculative/speculation.js';

/** What the scheduler does with a sequence after handing it logits. */
export type StepDecision = { next: number } | { done: true };

/**
 * One sequence to run: prefill `prompt` into `cache`, then keep feeding the token that `onLogits` picks until it
 * says done. The scheduler owns the forward calls, so it can batch many tasks into one forward and chunk long
 * prompts; the task owns sampling and events.
 */
export interface SequenceTask {
  prompt: number[];
  cache: KVCache;
  signal?: AbortSignal;
  /** Higher runs first among waiting tasks (default 0). */
  priority?: number;
  /**
   * Most tokens fed after the prompt. A scheduler with a memory budget reserves KV for
   * `cache.length + prompt.length + maxNewTokens` tokens (the model's whole context when absent) and finishes the
   * task once that many have been fed, so the cache never outgrows its reservation.
   */
  maxNewTokens?: number;
  /**
   * What this task's KV costs when its cache policy is not the one the scheduler's memory budget assumes: its
   * bytes per token, and for a capped policy the most it ever holds.
   */
  kvCost?: { bytesPerToken?: number; maxHeldBytes?: number };
  /**
   * Speculative decoding: a drafter proposes tokens and each decode step verifies them in one multi-token forward.
   * The chosen tokens are the same as without it; only the number of forwards changes.
   */
  speculation?: SpeculationRequest;
  /** Called once when the task leaves the queue and starts computing. */
  onStart?(): void;
  /** Logits row for the last token fed; returns the next token or done. */
  onLogits(logits: Float32Array): StepDecision;
  /** Called after each prefill chunk with tokens done so far, for progress on long prompts. */
  onPrefillProgress?(done: number, total: number): void;
}

/** Runs sequence tasks against one model runner. */
export interface Scheduler {
  /** Resolves when the task finishes; rejects with `ABORTED` if its signal fires, leaving the cache consistent. */
  run(task: SequenceTask): Promise<void>;
  /** Tasks waiting or running. */
  readonly pending: number;
  /** Rejects waiting tasks with `DISPOSED`. */
  dispose(): void;
}
