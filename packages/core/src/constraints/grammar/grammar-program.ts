import { PocketLMError } from '../../errors/pocketlm-error.js';
import type { SourcePosition } from './grammar-ast.js';

/**
 * Position kinds of a {@link GrammarProgram}. A Term reads one byte from a byte set; a Call enters a rule and
 * comes back to its `next` position; a Split moves to any of its alternatives without reading; End returns
 * from the current rule (or, with nothing left on the stack, ends the output).
 */
export const PositionKind = { Term: 0, Call: 1, Split: 2, End: 3 } as const;
export type PositionKind = (typeof PositionKind)[keyof typeof PositionKind];

/**
 * A grammar lowered to one network of byte-level positions (a recursive transition network): each rule is a
 * Thompson NFA over bytes whose edges may also call rules. Groups, repetitions and character classes are
 * inlined into the rule's own NFA, so only real rule references push a stack frame.
 */
export interface GrammarProgram {
  readonly size: number;
  readonly kind: Uint8Array;
  /** Term: its byte set; Call: the rule it enters. */
  readonly arg: Int32Array;
  /** Term: the position after the byte; Call: the position the rule returns to. */
  readonly next: Int32Array;
  /** Split: the positions it moves to. */
  readonly alts: readonly (readonly number[])[];
  /** The single End position every rule finishes at. */
  readonly end: number;
  /** 256-bit byte sets, 8 words each (bit `b & 31` of word `b >> 5`). */
  readonly byteSets: Uint32Array;
  readonly rules: readonly { readonly name: string; readonly at: SourcePosition; readonly start: number }[];
  readonly root: number;
  /** Where each Call's reference is written, for error messages. */
  readonly callAt: ReadonlyMap<number, SourcePosition>;
}

export const DEFAULT_MAX_POSITIONS = 500_000;

const NO_ALTS: readonly number[] = [];

/** Appends positions and interns byte sets; `finish` freezes them into a {@link GrammarProgram}. */
export class ProgramBuilder {
  private readonly kind: number[] = [];
  private readonly arg: number[] = [];
  private readonly next: number[] = [];
  private readonly alts: (readonly number[])[] = [];
  private readonly sets: number[] = [];
  private readonly setIds = new Map<string, number>();
  readonly callAt = new Map<number, SourcePosition>();
  readonly end: number;

  constructor(private readonly maxPositions = DEFAULT_MAX_POSITIONS) {
    this.end = this.add(PositionKind.End, 0, -1);
  }

  get size(): number {
    return this.kind.length;
  }

  add(kind: PositionKind, arg: number, next: number, alts: readonly number[] = NO_ALTS): number {
    const id = this.kind.length;
    if (id >= this.maxPositions) {
      throw new PocketLMError(
        'UNSUPPORTED_CONSTRAINT',
        `Grammar is too large: it compiles to more than ${this.maxPositions} positions ` +
          '(a bounded repetition such as {0,5000} copies what it repeats).',
        { details: { limit: this.maxPositions } },
      );
    }
    this.kind.push(kind);
    this.arg.push(arg);
    this.next.push(next);
    this.alts.push(alts);
    return id;
  }

  term(set: number, next: number): number {
    return this.add(PositionKind.Term, set, next);
  }

  split(alts: readonly number[]): number {
    return alts.length === 1 ? alts[0] : this.add(PositionKind.Split, 0, -1, alts);
  }

  /** A Split whose alternatives are set later (loops point back at it). */
  placeholder(): number {
    return this.add(PositionKind.Split, 0, -1);
  }

  setAlternatives(split: number, alts: readonly number[]): void {
    this.alts[split] = alts;
  }

  /** The id of the byte set holding every byte in the inclusive `ranges` [lo0, hi0, lo1, hi1, …]. */
  byteSet(ranges: readonly number[]): number {
    const words = new Uint32Array(8);
    for (let i = 0; i < ranges.length; i += 2) {
      for (let b = ranges[i]; b <= ranges[i + 1]; b++) words[b >>> 5] |= 1 << (b & 31);
    }
    const key = words.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length / 8;
      this.sets.push(...words);
      this.setIds.set(key, id);
    }
    return id;
  }

  finish(
    rules: readonly { name: string; at: SourcePosition; start: number }[],
    root: number,
  ): GrammarProgram {
    return {
      size: this.kind.length,
      kind: Uint8Array.from(this.kind),
      arg: Int32Array.from(this.arg),
      next: Int32Array.from(this.next),
      alts: this.alts,
      end: this.end,
      byteSets: Uint32Array.from(this.sets),
      rules,
      root,
      callAt: this.callAt,
    };
  }
}

/** Whether byte `b` is in set `set` of `byteSets`. */
export function hasByte(byteSets: Uint32Array, set: number, b: number): boolean {
  return ((byteSets[(set << 3) | (b >>> 5)] >>> (b & 31)) & 1) === 1;
}
