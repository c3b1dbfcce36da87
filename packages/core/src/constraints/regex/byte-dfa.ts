import { PocketLMError } from '../../errors/pocketlm-error.js';
import { DEAD } from './byte-automaton.js';
import { byteClassesOfRanges } from './byte-classes.js';
import { type ByteNfa, NfaKind } from './byte-nfa.js';
import { LazyByteAutomaton } from './lazy-byte-automaton.js';
import { computeLiveness } from './nfa-liveness.js';

export const DEFAULT_MAX_DFA_STATES = 100_000;

/**
 * The DFA of a byte NFA, built lazily: each state (a set of NFA states) and each transition is made the first
 * time a step needs it, then cached, so a pattern whose full DFA would be huge costs only what generation
 * visits. Bytes are grouped into classes no NFA range splits, so transition rows are short.
 */
export class ByteDfa extends LazyByteAutomaton {
  readonly start: number;
  private readonly live: Uint8Array;
  private readonly seen: Int32Array;
  private generation = 0;

  constructor(
    private readonly nfa: ByteNfa,
    private readonly options: { maxStates?: number; pattern?: string } = {},
  ) {
    super(
      byteClassesOfRanges(nfa.lo, nfa.hi, (s) => nfa.kind[s] === NfaKind.Byte),
      options.maxStates ?? DEFAULT_MAX_DFA_STATES,
    );
    this.live = computeLiveness(nfa);
    this.seen = new Int32Array(nfa.size);
    this.start = this.intern([nfa.start], true);
  }

  /** Always true for a non-dead state: dead ends are pruned when states are built. */
  canReachAccept(state: number): boolean {
    return state >= 0;
  }

  protected buildStep(state: number, cls: number): number {
    const rep = this.classRep[cls];
    const { lo, hi, next } = this.nfa;
    const seeds: number[] = [];
    for (const s of this.members[state]) if (lo[s] <= rep && rep <= hi[s]) seeds.push(next[s]);
    return seeds.length === 0 ? DEAD : this.intern(seeds, false);
  }

  /** The DFA state for the epsilon closure of `seeds`; DEAD when nothing live remains. */
  private intern(seeds: number[], atStart: boolean): number {
    return this.internState(this.closure(seeds, atStart), this.reachesMatch(seeds, atStart));
  }

  protected tooManyStates(limit: number): PocketLMError {
    const pattern = this.options.pattern;
    const named = pattern === undefined ? '' : `${JSON.stringify(pattern)} `;
    return new PocketLMError(
      'UNSUPPORTED_CONSTRAINT',
      `Regex ${named}needs more than ${limit} DFA states; ` +
        'simplify it (large bounded repeats of alternations multiply states).',
      { details: { pattern, limit } },
    );
  }

  // Live Byte states reachable without reading a byte; `^` is passable only at the start.
  private closure(seeds: number[], atStart: boolean): Int32Array {
    const { kind, next, alts } = this.nfa;
    const mark = ++this.generation;
    const stack = seeds.slice();
    const out: number[] = [];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (this.seen[s] === mark) continue;
      this.seen[s] = mark;
      const k = kind[s];
      if (k === NfaKind.Byte) {
        if (this.live[next[s]] === 1) out.push(s);
      } else if (k === NfaKind.Split) {
        for (let i = alts[s].length - 1; i >= 0; i--) stack.push(alts[s][i]);
      } else if (k === NfaKind.AssertStart && atStart) {
        stack.push(next[s]);
      }
    }
    return Int32Array.from(out).sort();
  }

  // Whether Match is reachable without reading a byte, crossing `$` (the output may end here).
  private reachesMatch(seeds: number[], atStart: boolean): boolean {
    const { kind, next, alts, match } = this.nfa;
    const mark = ++this.generation;
    const stack = seeds.slice();
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s === match) return true;
      if (this.seen[s] === mark) continue;
      this.seen[s] = mark;
      const k = kind[s];
      if (k === NfaKind.Split) for (const t of alts[s]) stack.push(t);
      else if (k === NfaKind.AssertEnd || (k === NfaKind.AssertStart && atStart)) stack.push(next[s]);
    }
    return false;
  }
}
