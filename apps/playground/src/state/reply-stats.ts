/** The line under each reply: how long the first token took, how fast the rest came, and on what. */
export interface ReplyStats {
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  tokens: number;
  backend: string;
  /** How the reply ended: `stop`, `length`, `content-filter`, or `stopped` by the user. */
  finishReason: string;
}

/** Engine-side timings from a `finish` event (they exclude the worker hop, so they are the honest figures). */
export interface EngineTimings {
  timeToFirstTokenMs: number;
  decodeTokensPerSecond: number;
}

/**
 * Measures a reply on the page as its events arrive. It is the only source of stats for a reply the user stopped
 * (there is no `finish` event then); a finished reply prefers the engine's own timings.
 */
export class ReplyClock {
  readonly #now: () => number;
  readonly #startedAt: number;
  #firstTokenAt?: number;
  #lastTokenAt?: number;
  #tokens = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#startedAt = now();
  }

  token(): void {
    const t = this.#now();
    this.#firstTokenAt ??= t;
    this.#lastTokenAt = t;
    this.#tokens++;
  }

  get tokens(): number {
    return this.#tokens;
  }

  stats(backend: string, finishReason: string, engine?: EngineTimings): ReplyStats {
    const base = { tokens: this.#tokens, backend, finishReason };
    if (engine) {
      return {
        ...base,
        timeToFirstTokenMs: engine.timeToFirstTokenMs,
        // One token has no decode phase: there is no rate to report.
        tokensPerSecond: this.#tokens > 1 ? engine.decodeTokensPerSecond : undefined,
      };
    }
    const first = this.#firstTokenAt;
    const last = this.#lastTokenAt;
    const decodeMs = first !== undefined && last !== undefined ? last - first : 0;
    return {
      ...base,
      timeToFirstTokenMs: first === undefined ? undefined : first - this.#startedAt,
      tokensPerSecond: decodeMs > 0 ? ((this.#tokens - 1) * 1000) / decodeMs : undefined,
    };
  }
}
