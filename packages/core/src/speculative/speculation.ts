import type { Drafter } from './drafter.js';

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

  /** Records the token the task chose to feed next. */
  push(id: number): void {
    this.history.push(id);
  }

  /** Draft tokens for the next step, at most `room`; none while backing off. */
  async draft(room: number, signal?: AbortSignal): Promise<number[]> {
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

  /** Adapts after a verify step in which `accepted` of `drafted` tokens matched. */
  settle(drafted: number, accepted: number): void {
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
