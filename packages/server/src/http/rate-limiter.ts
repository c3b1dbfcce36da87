import { PocketLMError } from '@pocketlm/core';
import { HttpError } from './http-error.js';

const WINDOW_MS = 60_000;

/**
 * Requests per minute per client, over a sliding one-minute window (a request counts for the 60 s after it
 * arrived). `now` is injectable so tests need not wait a minute.
 */
export class RateLimiter {
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    private readonly requestsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(requestsPerMinute) || requestsPerMinute <= 0) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `rateLimit.requestsPerMinute must be a positive integer, got ${requestsPerMinute}.`,
      );
    }
  }

  /** Counts one request from `client`, or throws 429 (with `Retry-After`) when it is over its limit. */
  take(client: string): void {
    const now = this.now();
    const recent = (this.arrivals.get(client) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= this.requestsPerMinute) {
      this.arrivals.set(client, recent);
      const retryAfterS = Math.max(1, Math.ceil((recent[0] + WINDOW_MS - now) / 1000));
      throw new HttpError(
        429,
        `Rate limit of ${this.requestsPerMinute} requests per minute reached; retry in ${retryAfterS} s.`,
        {
          code: 'RATE_LIMITED',
          headers: { 'Retry-After': String(retryAfterS) },
        },
      );
    }
    recent.push(now);
    this.arrivals.set(client, recent);
    // Forget clients whose window emptied, so the map does not grow with every address ever seen.
    if (this.arrivals.size > 1024) {
      for (const [key, times] of this.arrivals)
        if (times.every((t) => now - t >= WINDOW_MS)) this.arrivals.delete(key);
    }
  }
}
