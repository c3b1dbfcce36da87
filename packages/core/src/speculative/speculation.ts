import type { KVCache } from '../kv-cache/kv-cache.js';
import type { StepDecision } from '../scheduler/scheduler.js';
import type { Drafter } from './drafter.js';
import { dropFromPosition, type Verification } from './verify-drafts.js';

/** What a sequence task asks of speculative decoding. */
export interface SpeculationRequest {
  drafter: Drafter;
  /** The whole prompt, including any part the cache already held, so drafting sees the full sequence. */
  context: readonly number[];
  /** Most draft tokens per step (default 5). The count adapts: up while drafts are accepted, down when not. */
  maxDraftTokens?: number;
  /** KV bytes the drafter keeps per token of the sequence (a draft model's cache), booked with the task's KV. */
  bytesPerToken?: number;
  /** Counts to update in place as steps verify drafts (for the finish event). */
  stats?: SpeculationStats;
}

/** Counts of one sequence's speculation, for finish events and benchmarks. */
export interface SpeculationStats {
  /** Verify steps that carried drafts. */
  rounds: number;
  /** Draft tokens proposed and checked. */
  drafted: number;
  /** Draft tokens the target model agreed with. */
  accepted: number;
}

export const DEFAULT_MAX_DRAFT_TOKENS = 5;

/** Longest pause from drafting after drafts keep failing, in steps. */
const MAX_BACKOFF_STEPS = 16;

/**
 * One sequence's speculative-decoding state: the token history the drafter reads, an adaptive draft length, and a
 * back-off that stops drafting for a while after rounds where nothing was accepted, so a drafter that keeps
 * guessing wrong costs little more than plain decoding.
 */
export class Speculation {
  readonly stats: SpeculationStats;
  private readonly drafter: Drafter;
  private readonly history: number[];
  private readonly max: number;
  private readonly vocabSize: number;
  private length: number;
  private misses = 0;
  private skip = 0;

  constructor(request: SpeculationRequest, vocabSize: number) {
    this.drafter = request.drafter;
    this.stats = request.stats ?? { rounds: 0, drafted: 0, accepted: 0 };
    this.history = [...request.context];
    this.max = request.maxDraftTokens ?? DEFAULT_MAX_DRAFT_TOKENS;
    this.length = this.max;
    this.vocabSize = vocabSize;
  }

  /** The task's decision function, recording every token it picks into the history drafts are made from. */
  follow(decide: (row: Float32Array) => StepDecision): (row: Float32Array) => StepDecision {
    return (row) => {
      const decision = decide(row);
      if ('next' in decision) this.history.push(decision.next);
      return decision;
    };
  }

  /**
   * Draft tokens to follow the token the next step feeds at `cache.nextPosition`; none while backing off. They fit
   * the model's positions, the task's `maxNewTokens` (its KV reservation, with `fed` tokens used) and what one
   * append to the cache may add.
   */
  async draft(
    cache: KVCache,
    limits: { maxPositions: number; maxNewTokens?: number; fed: number },
    signal?: AbortSignal,
  ): Promise<number[]> {
    let room = limits.maxPositions - 1 - cache.nextPosition;
    if (limits.maxNewTokens !== undefined) room = Math.min(room, limits.maxNewTokens - limits.fed - 1);
    if (cache.appendLimit !== undefined) room = Math.min(room, cache.appendLimit - 1);
    if (room < 1 || this.max < 1) return [];
    if (this.skip > 0) {
      this.skip--;
      return [];
    }
    const n = Math.min(this.length, room);
    const proposed = await this.drafter.propose(this.history, n, signal);
    // A drafter's junk must not reach the backend: keep the valid head only.
    const drafts: number[] = [];
    for (const id of proposed.slice(0, n)) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) break;
      drafts.push(id);
    }
    return drafts;
  }

  /**
   * After a verify step that fed `[pending, ...drafts]` from position `start`: drops the rejected drafts from the
   * cache and adapts the draft length to how many were accepted.
   */
  afterVerify(verification: Verification, drafts: number, cache: KVCache, start: number): void {
    if (drafts === 0) return;
    dropFromPosition(cache, start + verification.kept);
    // Drafts after a finishing row were never compared.
    const checked = 'done' in verification.decision ? verification.kept - 1 : drafts;
    this.settle(checked, verification.kept - 1);
  }

  private settle(drafted: number, accepted: number): void {
    if (drafted === 0) return;
    this.stats.rounds++;
    this.stats.drafted += drafted;
    this.stats.accepted += accepted;
    if (accepted === drafted) {
      this.length = Math.min(this.max, this.length + 2);
      this.misses = 0;
      return;
    }
    this.length = Math.max(1, this.length - 1);
    if (accepted > 0) {
      this.misses = 0;
      return;
    }
    this.misses++;
    this.skip = Math.min(2 ** this.misses, MAX_BACKOFF_STEPS);
  }
}
