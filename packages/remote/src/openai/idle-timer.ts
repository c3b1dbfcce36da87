/**
 * Fires once when `ms` pass without a `touch()`. A remote answer is allowed to take long in total (a long reply
 * streams for minutes) but not to go quiet: the timer restarts with every chunk received.
 */
export class IdleTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private fired = false;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.touch();
  }

  /** Whether the timer has gone off. */
  get expired(): boolean {
    return this.fired;
  }

  touch(): void {
    if (this.fired) return;
    clearTimeout(this.handle);
    this.handle = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }

  /** Stops the clock until the next `touch()` (while the caller, not the remote, holds things up). */
  pause(): void {
    clearTimeout(this.handle);
  }

  clear(): void {
    clearTimeout(this.handle);
  }
}
