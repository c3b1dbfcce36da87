/**
 * Watches streamed text for stop sequences. Text that could still become the start of a stop sequence is held
 * back, so a stream never shows the user the first half of a stop string it later cuts.
 */
export class StopSequenceMatcher {
  private readonly stops: string[];
  private pending = '';
  private stopped = false;

  constructor(stops: string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Adds text; returns what is safe to emit now and whether a stop sequence was hit (text after it is dropped). */
  push(text: string): { emit: string; stopped: boolean } {
    if (this.stopped) return { emit: '', stopped: true };
    this.pending += text;
    let cut = -1;
    for (const s of this.stops) {
      const at = this.pending.indexOf(s);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      const emit = this.pending.slice(0, cut);
      this.pending = '';
      this.stopped = true;
      return { emit, stopped: true };
    }
    const hold = this.heldBackLength();
    const emit = this.pending.slice(0, this.pending.length - hold);
    this.pending = this.pending.slice(this.pending.length - hold);
    return { emit, stopped: false };
  }

  /** Releases held-back text at the end of generation. */
  flush(): string {
    const rest = this.stopped ? '' : this.pending;
    this.pending = '';
    return rest;
  }

  /** Longest suffix of the pending text that is a proper prefix of some stop sequence. */
  private heldBackLength(): number {
    let hold = 0;
    for (const s of this.stops) {
      const max = Math.min(s.length - 1, this.pending.length);
      for (let n = max; n > hold; n--) {
        if (this.pending.endsWith(s.slice(0, n))) {
          hold = n;
          break;
        }
      }
    }
    return hold;
  }
}
