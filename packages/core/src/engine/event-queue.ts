/**
 * A push queue read as an AsyncIterable: the producer (sampling inside the scheduler) never waits for the
 * consumer; the consumer waits for the next event, the end, or the error.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private error: unknown;
  private failed = false;
  private wake: (() => void) | undefined;
  private readonly onReturn: () => void;

  /** `onReturn` runs when the consumer stops early (a `break` out of `for await`). */
  constructor(onReturn: () => void = () => {}) {
    this.onReturn = onReturn;
  }

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.error = error;
    this.failed = true;
    this.ended = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let finished = false;
    try {
      for (;;) {
        if (this.items.length > 0) {
          yield this.items.shift() as T;
          continue;
        }
        if (this.ended) {
          finished = true;
          if (this.failed) throw this.error;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      if (!finished) this.onReturn();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
