import type { Speculation } from '../speculative/speculation.js';
import type { SequenceTask } from './scheduler.js';

/** A task the continuous batching scheduler has admitted: it holds KV and takes part in steps. */
export interface ActiveSequence {
  readonly task: SequenceTask;
  /** Arrival order, for FIFO among equals. */
  readonly order: number;
  readonly priority: number;
  /** Bytes booked against the memory budget (0 without one). */
  readonly reservation: number;
  /** Prompt tokens already run. */
  prefilled: number;
  /** The token the next decode step feeds; undefined while the prompt is still prefilling. */
  pending: number | undefined;
  /** Tokens fed after the prompt. */
  fed: number;
  /** When this sequence last had work in a step, as a running turn number (-1: never), for round-robin. */
  lastServed: number;
  /** Step number of its last prefill chunk (-1: never), so prefilling prompts take turns. */
  lastPrefill: number;
  /** Speculative-decoding state, when the task asked for it. */
  readonly speculation: Speculation | undefined;
  /** Resolves (no argument) or rejects the task's promise. */
  settle(error?: unknown): void;
}
