/**
 * A signal for one SDK request that follows a caller's signal (and an optional deadline) only until disposed.
 *
 * Why not pass the caller's signal straight through: the SDK never removes its abort listener, so when a
 * long-lived signal (an agent run's) fires after the request finished, the SDK sends the server a cancellation for
 * a request that is long done.
 */
export class RequestSignal {
  private readonly controller = new AbortController();
  private readonly cleanups: (() => void)[] = [];
  /** True when the deadline, not the caller, aborted the request. */
  timedOut = false;

  constructor(source: AbortSignal | undefined, timeoutMs?: number) {
    if (source?.aborted) {
      this.controller.abort(source.reason);
      return;
    }
    if (source) {
      const follow = () => this.controller.abort(source.reason);
      source.addEventListener('abort', follow, { once: true });
      this.cleanups.push(() => source.removeEventListener('abort', follow));
    }
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort(new Error(`Timed out after ${timeoutMs} ms.`));
      }, timeoutMs);
      this.cleanups.push(() => clearTimeout(timer));
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops following: call when the request has settled. */
  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
