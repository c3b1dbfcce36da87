/**
 * Token storage that `TokenStore.clone` shares instead of copying (copy-on-write). Each sharer keeps its own
 * length; slots [0, written) may hold some sharer's tokens, slots [written, capacity) hold nobody's. So a sharer
 * that holds exactly `written` tokens may append in place without copying: the common case of a fork taken for a
 * prefix cache while the original keeps decoding. Any other write by a sharer copies first.
 *
 * `sharers` is only decremented when a store moves to other storage or is cleared; a fork that is simply dropped
 * stays counted, which costs at most one copy later, never correctness.
 */
export class SharedSlots<P> {
  /** Stores reading these planes. */
  sharers = 1;

  constructor(
    readonly planes: P,
    /** Token slots per head in every plane. */
    readonly capacity: number,
    /** One past the last slot any sharer may still hold. */
    public written: number,
  ) {}

  /** Whether a sharer holding `held` tokens may write slots [held, end) in place. */
  canAppend(held: number, end: number): boolean {
    return end <= this.capacity && (this.sharers === 1 || held === this.written);
  }

  /** Whether a sharer may rewrite the slots it holds (compaction): only when nobody else reads them. */
  get exclusive(): boolean {
    return this.sharers === 1;
  }

  /** Registers one more sharer holding `held` tokens; a sole owner's slots past `held` become free. */
  share(held: number): this {
    if (this.sharers === 1) this.written = held;
    this.sharers++;
    return this;
  }

  /** Unregisters a sharer that moved to other storage. */
  release(): void {
    this.sharers = Math.max(0, this.sharers - 1);
  }
}

/** Capacity for a store that must move to new storage to hold `tokens`, holding `held` now: amortised doubling. */
export function grownCapacity(tokens: number, held: number): number {
  return Math.max(tokens, 16, 2 * held);
}
