const encoder = new TextEncoder();

/** Where a trigger completes in a stretch of output bytes. */
export interface TriggerHit {
  /** Index of the trigger in the list. */
  trigger: number;
  /** Bytes of the stretch after the trigger's last byte. */
  rest: Uint8Array;
}

/**
 * Finds the triggers of a structural tag in free text, across token boundaries: the matcher keeps the free text's
 * last bytes that could still begin a trigger (the "context"), and reports the first point where context plus new
 * bytes end with a trigger. Triggers are short and few, so a direct comparison beats an automaton here.
 */
export class TriggerMatcher {
  readonly triggers: readonly Uint8Array[];
  /** Every byte a trigger ends with: a token without one of them cannot complete a trigger. */
  readonly lastBytes: ReadonlySet<number>;
  private readonly longest: number;

  constructor(triggers: readonly string[]) {
    this.triggers = triggers.map((t) => encoder.encode(t));
    this.lastBytes = new Set(this.triggers.map((t) => t[t.length - 1]));
    this.longest = Math.max(...this.triggers.map((t) => t.length));
  }

  /** The first trigger completed by `bytes` after `context`, with the bytes that follow it. */
  find(context: Uint8Array, bytes: Uint8Array): TriggerHit | undefined {
    for (let end = 0; end < bytes.length; end++) {
      if (!this.lastBytes.has(bytes[end])) continue;
      for (let t = 0; t < this.triggers.length; t++) {
        if (endsWith(context, bytes, end + 1, this.triggers[t])) {
          return { trigger: t, rest: bytes.subarray(end + 1) };
        }
      }
    }
    return undefined;
  }

  /**
   * The new context after free text `bytes` (with no trigger in it): the longest suffix of context + bytes that is
   * a proper prefix of some trigger. Two outputs with the same context allow the same tokens.
   */
  advance(context: Uint8Array, bytes: Uint8Array): Uint8Array {
    const joined = new Uint8Array(context.length + bytes.length);
    joined.set(context);
    joined.set(bytes, context.length);
    for (let len = Math.min(this.longest - 1, joined.length); len > 0; len--) {
      const suffix = joined.subarray(joined.length - len);
      if (this.triggers.some((t) => t.length > len && startsWith(t, suffix))) return suffix.slice();
    }
    return new Uint8Array(0);
  }
}

/** Whether context + bytes[0, end) ends with `trigger`. */
function endsWith(context: Uint8Array, bytes: Uint8Array, end: number, trigger: Uint8Array): boolean {
  const n = trigger.length;
  if (end + context.length < n) return false;
  for (let k = 1; k <= n; k++) {
    const i = end - k;
    const b = i >= 0 ? bytes[i] : context[context.length + i];
    if (b !== trigger[n - k]) return false;
  }
  return true;
}

function startsWith(whole: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > whole.length) return false;
  for (let i = 0; i < prefix.length; i++) if (whole[i] !== prefix[i]) return false;
  return true;
}
