/**
 * Guesses the tokens that follow a sequence, for speculative decoding. The target model then checks every guess in
 * one multi-token forward, so a drafter only affects speed: a wrong guess costs time, never a different output.
 */
export interface Drafter {
  /**
   * Up to `maxTokens` tokens likely to follow `history` (every token of the sequence so far: the prompt, then the
   * generated tokens, the one about to be fed last). Fewer, or none, when it has no good guess.
   */
  propose(history: readonly number[], maxTokens: number, signal?: AbortSignal): number[] | Promise<number[]>;
  /** KV bytes it keeps per token of the sequence, for memory budgets (a draft model's cache; absent: none). */
  readonly bytesPerToken?: number;
  /** Frees what the drafter holds (a draft model's KV cache). */
  dispose?(): void;
}
