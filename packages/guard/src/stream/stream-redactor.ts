import { mergeSpans } from '../pii/merge-spans.js';
import type { PiiVault } from '../pii/pii-vault.js';
import { redactedLabel, type SpanReplacer } from '../pii/redact-spans.js';
import type { GuardCheck, GuardDecision, GuardSpan, GuardStage } from '../policy/guard-check.js';

/** A plain span finder (such as `detectPii`) used as a stream check: whatever it finds is redacted. */
export type SpanSource = (text: string) => readonly GuardSpan[];

/** What a {@link StreamRedactor} runs over its window: guard checks or span finders. */
export type StreamCheck = GuardCheck | SpanSource;

/** Options of {@link StreamRedactor}. */
export interface StreamRedactorOptions {
  checks: readonly StreamCheck[];
  /**
   * Characters held back at the end of the stream (default 256): the longest entity guaranteed to be caught
   * before any of it is emitted, whatever the deltas' boundaries.
   */
  holdBack?: number;
  /** Already-emitted characters shown to the checks before the undecided text, for labels like "SSN:" (default `holdBack`). */
  context?: number;
  /**
   * How long an entity still growing at the end of the stream (a JWT, a private key block) may hold emission from
   * its start (default 4 × `holdBack`). Past that its placeholder is emitted and the rest of it is dropped as it
   * arrives; the placeholder then stands for the part seen so far.
   */
  maxOpenHold?: number;
  /** The most text ever given to the checks at once, bounding work per delta (default 16384). */
  maxWindow?: number;
  /** Replace spans with this vault's placeholders (`[EMAIL_1]`), so they can be restored later. */
  vault?: PiiVault;
  /** Replace spans with this instead (default `[REDACTED:label]`; ignored when `vault` is given). */
  replace?: SpanReplacer;
  /** The stage reported to checks (default `output`); checks that do not run at it are skipped. */
  stage?: GuardStage;
  signal?: AbortSignal;
}

/** What one delta (or the flush) lets through. */
export interface StreamRedactorChunk {
  /** Text safe to show now. */
  text: string;
  /** The decisions acted on now; spans are in offsets of the whole original stream. */
  decisions: GuardDecision[];
  /** A `block` or `ask` decision stopped the stream: nothing more will be emitted. */
  stopped: boolean;
}

interface Window {
  start: number;
  text: string;
}

const STOPPED: StreamRedactorChunk = Object.freeze({
  text: '',
  decisions: [],
  stopped: true,
}) as StreamRedactorChunk;

/**
 * Redacts a model's output while it streams. Each delta is appended to a buffer; the checks run over a window of
 * already-emitted context plus the undecided text, and only text more than `holdBack` characters behind the
 * stream's end is emitted, so an entity of up to `holdBack` characters is complete in the window before its
 * first character could go out, however the deltas split it. Found spans are replaced; a `block` or `ask`
 * decision stops emission (nobody can be asked in the middle of a sentence: the caller gets the decision).
 * Text without findings comes out byte-identical. Calls must not overlap (await each `pushAsync`).
 */
export class StreamRedactor {
  readonly #checks: readonly StreamCheck[];
  readonly #holdBack: number;
  readonly #context: number;
  readonly #maxOpenHold: number;
  readonly #maxWindow: number;
  readonly #replace: SpanReplacer;
  readonly #stage: GuardStage;
  readonly #signal: AbortSignal | undefined;
  #buffer = '';
  #bufferStart = 0;
  #decided = 0;
  #received = 0;
  #forcedStart: number | undefined;
  #stopped = false;
  #flushed = false;
  #late = 0;

  constructor(options: StreamRedactorOptions) {
    this.#checks = options.checks;
    this.#holdBack = Math.max(0, options.holdBack ?? 256);
    this.#context = Math.max(0, options.context ?? this.#holdBack);
    this.#maxOpenHold = Math.max(this.#holdBack, options.maxOpenHold ?? 4 * this.#holdBack);
    this.#maxWindow = Math.max(this.#context + this.#maxOpenHold + 1, options.maxWindow ?? 16384);
    const vault = options.vault;
    this.#replace = vault
      ? (span, original) => vault.placeholderFor(span.label, original)
      : (options.replace ?? redactedLabel);
    this.#stage = options.stage ?? 'output';
    this.#signal = options.signal;
  }

  /** Characters received but not yet emitted (or dropped). */
  get pending(): number {
    return this.#received - this.#decided;
  }

  /** Whether a decision stopped the stream. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Spans found only after part of them had been emitted (possible only for entities longer than `holdBack`).
   * Their unemitted rest is still replaced; a test can assert this stays 0.
   */
  get lateSpans(): number {
    return this.#late;
  }

  /** Feeds a delta; checks must answer synchronously (use {@link pushAsync} otherwise). */
  push(delta: string): StreamRedactorChunk {
    if (!this.#accept(delta)) return this.#stopped ? STOPPED : { text: '', decisions: [], stopped: false };
    const window = this.#window();
    return this.#apply(window, this.#evaluate(window.text, false) as (GuardDecision | undefined)[], false);
  }

  /** Feeds a delta, awaiting asynchronous checks. */
  async pushAsync(delta: string): Promise<StreamRedactorChunk> {
    if (!this.#accept(delta)) return this.#stopped ? STOPPED : { text: '', decisions: [], stopped: false };
    const window = this.#window();
    return this.#apply(window, await Promise.all(this.#evaluate(window.text, true)), false);
  }

  /** Ends the stream: checks the rest and emits it. */
  flush(): StreamRedactorChunk {
    if (!this.#finish()) return STOPPED;
    const window = this.#window();
    return this.#apply(window, this.#evaluate(window.text, false) as (GuardDecision | undefined)[], true);
  }

  /** Ends the stream, awaiting asynchronous checks. */
  async flushAsync(): Promise<StreamRedactorChunk> {
    if (!this.#finish()) return STOPPED;
    const window = this.#window();
    return this.#apply(window, await Promise.all(this.#evaluate(window.text, true)), true);
  }

  /** Appends a delta; whether there is now something the checks could let out. */
  #accept(delta: string): boolean {
    if (this.#flushed) throw new Error('StreamRedactor: push after flush');
    if (this.#stopped) return false;
    this.#buffer += delta;
    this.#received += delta.length;
    return this.#received - this.#decided > this.#holdBack;
  }

  #finish(): boolean {
    if (this.#flushed) throw new Error('StreamRedactor: flushed twice');
    this.#flushed = true;
    return !this.#stopped;
  }

  #window(): Window {
    let start = Math.max(0, this.#decided - this.#context);
    // While a forced span continues, the checks must see its start to recognise the rest.
    if (this.#forcedStart !== undefined)
      start = Math.min(start, Math.max(this.#forcedStart, this.#received - this.#maxWindow));
    start = Math.max(start, this.#bufferStart);
    return { start, text: this.#buffer.slice(start - this.#bufferStart) };
  }

  #evaluate(
    text: string,
    allowAsync: boolean,
  ): (GuardDecision | undefined | Promise<GuardDecision | undefined>)[] {
    const context = { stage: this.#stage, signal: this.#signal };
    const results: (GuardDecision | undefined | Promise<GuardDecision | undefined>)[] = [];
    for (const check of this.#checks) {
      if (typeof check === 'function') {
        const spans = [...check(text)];
        results.push({
          check: check.name || 'spans',
          stage: this.#stage,
          action: spans.length > 0 ? 'redact' : 'allow',
          reason: 'Sensitive text found.',
          spans,
        });
        continue;
      }
      if (check.stages.length > 0 && !check.stages.includes(this.#stage)) continue;
      const result = check.check(text, context);
      if (!allowAsync && result instanceof Promise)
        throw new TypeError(
          `StreamRedactor: check "${check.name}" is asynchronous; use pushAsync/flushAsync`,
        );
      results.push(result);
    }
    return results;
  }

  #slice(from: number, to: number): string {
    return this.#buffer.slice(from - this.#bufferStart, to - this.#bufferStart);
  }

  #apply(
    window: Window,
    results: readonly (GuardDecision | undefined)[],
    final: boolean,
  ): StreamRedactorChunk {
    const decisions = results.filter((d): d is GuardDecision => d !== undefined);
    const stopping = decisions.filter((d) => d.action === 'block' || d.action === 'ask');
    if (stopping.length > 0) {
      this.#stopped = true;
      this.#buffer = '';
      return { text: '', decisions: stopping.map((d) => this.#shift(d, window.start)), stopped: true };
    }
    const redacting = decisions.filter((d) => d.action === 'redact').map((d) => this.#shift(d, window.start));
    const spans = mergeSpans(redacting.flatMap((d) => d.spans));
    const received = this.#received;
    const applied: GuardSpan[] = [];
    let out = '';
    let limit = final ? received : received - this.#holdBack;
    let continued = false;
    let forcedNow = false;
    for (const span of spans) {
      if (span.end <= this.#decided) continue;
      if (span.start < this.#decided) {
        // The rest of a forced span is dropped. A late find (its start already went out) gets one replacement
        // for its rest, and is then treated as forced so its continuation is dropped too.
        if (this.#forcedStart === undefined) {
          this.#late++;
          const part = { start: this.#decided, end: span.end, label: span.label };
          out += this.#replace(part, this.#slice(part.start, part.end));
          applied.push(part);
          this.#forcedStart = span.start;
        }
        continued = true;
        this.#decided = span.end;
        continue;
      }
      if (span.start >= limit) break;
      if (!final && span.end >= received) {
        // Still growing: hold from its start, unless that has gone on too long.
        if (received - span.start <= this.#maxOpenHold) {
          limit = span.start;
          break;
        }
        const part = { start: span.start, end: received, label: span.label };
        out +=
          this.#slice(this.#decided, span.start) + this.#replace(part, this.#slice(part.start, part.end));
        applied.push(part);
        this.#forcedStart = span.start;
        this.#decided = received;
        forcedNow = true;
        break;
      }
      out += this.#slice(this.#decided, span.start) + this.#replace(span, this.#slice(span.start, span.end));
      applied.push(span);
      this.#decided = span.end;
    }
    if (limit > this.#decided) {
      out += this.#slice(this.#decided, limit);
      this.#decided = limit;
    }
    if (!forcedNow && !continued) this.#forcedStart = undefined;
    this.#trim();
    return { text: out, decisions: this.#report(redacting, applied), stopped: false };
  }

  /** The decision with its spans moved from window offsets to stream offsets. */
  #shift(decision: GuardDecision, offset: number): GuardDecision {
    return {
      ...decision,
      spans: decision.spans.map((s) => ({ start: s.start + offset, end: s.end + offset, label: s.label })),
    };
  }

  /** The redacting decisions that had a span applied now, each with just those spans. */
  #report(decisions: readonly GuardDecision[], applied: readonly GuardSpan[]): GuardDecision[] {
    if (applied.length === 0) return [];
    const reported: GuardDecision[] = [];
    for (const decision of decisions) {
      const spans = decision.spans.filter((s) => applied.some((a) => s.start < a.end && a.start < s.end));
      if (spans.length > 0) reported.push({ ...decision, spans });
    }
    return reported;
  }

  /** Drops buffered text no future window needs. */
  #trim(): void {
    const keep = this.#window().start;
    if (keep - this.#bufferStart > 4096 || keep - this.#bufferStart > this.#buffer.length / 2) {
      this.#buffer = this.#buffer.slice(keep - this.#bufferStart);
      this.#bufferStart = keep;
    }
  }
}
