import { PocketLMError } from '../../errors/pocketlm-error.js';
import type { CodePointSet } from './code-point-set.js';
import { nfaSize } from './nfa-size.js';
import type { RegexNode } from './regex-ast.js';
import { setTemplate } from './set-template.js';

/** NFA state kinds. Byte states consume one byte in [lo, hi]; the others consume nothing. */
export const NfaKind = {
  Byte: 0,
  /** Epsilon edges to every state in `alts` (none: a dead end, e.g. the empty class `[]`). */
  Split: 1,
  /** `^`: passable only before the first byte. */
  AssertStart: 2,
  /** `$`: passable only after the last byte. */
  AssertEnd: 3,
  Match: 4,
} as const;
export type NfaKind = (typeof NfaKind)[keyof typeof NfaKind];

const NO_ALTS: number[] = [];

/**
 * A Thompson NFA over bytes, in flat arrays (large bounded repeats make hundreds of thousands of states).
 * `next` is the single successor of Byte and Assert states.
 */
export interface ByteNfa {
  readonly kind: Uint8Array;
  readonly lo: Uint8Array;
  readonly hi: Uint8Array;
  readonly next: Int32Array;
  readonly alts: readonly (readonly number[])[];
  readonly start: number;
  readonly match: number;
  readonly size: number;
}

export const DEFAULT_MAX_NFA_STATES = 1_000_000;

/**
 * Compiles a regex AST to a byte NFA. Each node is compiled against its continuation (the state it leads to),
 * so a bounded repeat `x{0,n}` becomes `(x(x(…)?)?)?` whose every skip edge points straight at the end: after
 * k copies only one copy is live, which keeps DFA states small for `.{0,1000}`.
 *
 * @throws PocketLMError `UNSUPPORTED_CONSTRAINT` when the NFA would exceed `maxStates`.
 */
export function buildByteNfa(root: RegexNode, pattern: string, maxStates = DEFAULT_MAX_NFA_STATES): ByteNfa {
  // Sized before building, so a pattern like (a{0,1000}){0,1000} is refused at once.
  const size = nfaSize(root) + 1;
  if (size > maxStates) throw tooLarge(pattern, maxStates);
  const b = new NfaBuilder(pattern, maxStates);
  const match = b.add(NfaKind.Match, 0, 0, -1);
  const start = b.compile(root, match);
  return b.finish(start, match);
}

function tooLarge(pattern: string, limit: number): PocketLMError {
  return new PocketLMError(
    'UNSUPPORTED_CONSTRAINT',
    `Regex ${JSON.stringify(pattern)} is too large: its automaton needs more than ${limit} states ` +
      '(bounded repeats such as {0,5000} copy the pattern inside them).',
    { details: { pattern, limit } },
  );
}

class NfaBuilder {
  private kind: number[] = [];
  private lo: number[] = [];
  private hi: number[] = [];
  private next: number[] = [];
  private alts: number[][] = [];

  constructor(
    private readonly pattern: string,
    private readonly maxStates: number,
  ) {}

  add(kind: NfaKind, lo: number, hi: number, next: number, alts: number[] = NO_ALTS): number {
    const id = this.kind.length;
    if (id >= this.maxStates) throw tooLarge(this.pattern, this.maxStates);
    this.kind.push(kind);
    this.lo.push(lo);
    this.hi.push(hi);
    this.next.push(next);
    this.alts.push(alts);
    return id;
  }

  /** Adds the states for `node` leading to `next`; returns its entry state. */
  compile(node: RegexNode, next: number): number {
    switch (node.kind) {
      case 'empty':
        return next;
      case 'set':
        return this.compileSet(node.set, next);
      case 'concat': {
        let cur = next;
        for (let i = node.items.length - 1; i >= 0; i--) cur = this.compile(node.items[i], cur);
        return cur;
      }
      case 'alt':
        return this.add(
          NfaKind.Split,
          0,
          0,
          -1,
          node.items.map((item) => this.compile(item, next)),
        );
      case 'assert':
        return this.add(node.at === 'start' ? NfaKind.AssertStart : NfaKind.AssertEnd, 0, 0, next);
      case 'repeat':
        return this.compileRepeat(node.item, node.min, node.max, next);
    }
  }

  private compileRepeat(item: RegexNode, min: number, max: number, next: number): number {
    let cur = next;
    let required = min;
    if (max === Number.POSITIVE_INFINITY) {
      // x* is a loop; x{m,} is m-1 copies then x+ (the loop's body is the last required copy).
      const loop = this.add(NfaKind.Split, 0, 0, -1, []);
      const body = this.compile(item, loop);
      this.alts[loop].push(body, next);
      if (min === 0) return loop;
      cur = body;
      required = min - 1;
    } else {
      for (let i = 0; i < max - min; i++) {
        const optional = this.add(NfaKind.Split, 0, 0, -1, []);
        this.alts[optional].push(this.compile(item, cur), next);
        cur = optional;
      }
    }
    for (let i = 0; i < required; i++) cur = this.compile(item, cur);
    return cur;
  }

  private compileSet(set: CodePointSet, next: number): number {
    const t = setTemplate(set);
    const base = this.kind.length;
    for (let i = 0; i < t.lo.length; i++) {
      this.add(NfaKind.Byte, t.lo[i], t.hi[i], t.next[i] < 0 ? next : base + t.next[i]);
    }
    if (t.entries.length === 1) return base + t.entries[0];
    // No entries (the empty class) leaves a Split with no way out.
    return this.add(
      NfaKind.Split,
      0,
      0,
      -1,
      t.entries.map((e) => base + e),
    );
  }

  finish(start: number, match: number): ByteNfa {
    return {
      kind: Uint8Array.from(this.kind),
      lo: Uint8Array.from(this.lo),
      hi: Uint8Array.from(this.hi),
      next: Int32Array.from(this.next),
      alts: this.alts,
      start,
      match,
      size: this.kind.length,
    };
  }
}
