/**
 * A string derived from an original text, where every UTF-16 code unit knows the stretch of the original it came
 * from. Matching runs on the derived string; spans are reported in the original's offsets.
 */
export interface MappedText {
  readonly text: string;
  /** `starts[i]`: original offset where code unit `i` of `text` comes from. */
  readonly starts: Int32Array;
  /** `ends[i]`: original offset (exclusive) where it ends. */
  readonly ends: Int32Array;
}

/** The stretch of the original text that `mapped.text.slice(start, end)` came from. */
export function originalRange(
  mapped: MappedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const length = mapped.text.length;
  if (length === 0) return { start: 0, end: 0 };
  const from = Math.max(0, Math.min(start, length - 1));
  const to = Math.max(from + 1, Math.min(end, length));
  // Min/max rather than first/last: decoded payload views map many units to one run, and keeping this exact for
  // any view costs only the match's length.
  let lo = mapped.starts[from];
  let hi = mapped.ends[from];
  for (let i = from + 1; i < to; i++) {
    if (mapped.starts[i] < lo) lo = mapped.starts[i];
    if (mapped.ends[i] > hi) hi = mapped.ends[i];
  }
  return { start: lo, end: hi };
}

/** Appends code units with their origins; growth by doubling keeps building linear. */
export class MappedTextBuilder {
  private codes: Uint16Array;
  private startAt: Int32Array;
  private endAt: Int32Array;
  private size = 0;

  /** `capacity`: the expected length (the input's length is a good guess), so most texts never grow. */
  constructor(capacity = 64) {
    const size = Math.max(16, capacity);
    this.codes = new Uint16Array(size);
    this.startAt = new Int32Array(size);
    this.endAt = new Int32Array(size);
  }

  get length(): number {
    return this.size;
  }

  /** The last code unit pushed, or -1. */
  lastCode(): number {
    return this.size === 0 ? -1 : this.codes[this.size - 1];
  }

  push(code: number, start: number, end: number): void {
    if (this.size === this.codes.length) this.grow();
    this.codes[this.size] = code;
    this.startAt[this.size] = start;
    this.endAt[this.size] = end;
    this.size++;
  }

  pushString(value: string, start: number, end: number): void {
    for (let i = 0; i < value.length; i++) this.push(value.charCodeAt(i), start, end);
  }

  build(): MappedText {
    let text = '';
    // Chunked so `fromCharCode` never gets more arguments than the engine's stack allows.
    for (let i = 0; i < this.size; i += 8192) {
      text += String.fromCharCode.apply(
        null,
        this.codes.subarray(i, Math.min(this.size, i + 8192)) as unknown as number[],
      );
    }
    return { text, starts: this.startAt.subarray(0, this.size), ends: this.endAt.subarray(0, this.size) };
  }

  private grow(): void {
    const capacity = this.codes.length * 2;
    const codes = new Uint16Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
    const starts = new Int32Array(capacity);
    starts.set(this.startAt);
    this.startAt = starts;
    const ends = new Int32Array(capacity);
    ends.set(this.endAt);
    this.endAt = ends;
  }
}

/** A copy of `mapped` whose every unit points at one stretch of the original (a decoded payload's encoded run). */
export function mapAllTo(mapped: MappedText, start: number, end: number): MappedText {
  return {
    text: mapped.text,
    starts: new Int32Array(mapped.text.length).fill(start),
    ends: new Int32Array(mapped.text.length).fill(end),
  };
}
