import { PocketLMError } from '../../errors/pocketlm-error.js';
import { type ByteNfa, NfaKind } from './byte-nfa.js';
import { computeLiveness } from './nfa-liveness.js';

/** The state `step` returns once no continuation can match. */
export const DEAD = -1;

/**
 * A deterministic automaton over bytes: what the token masker walks. States are small integers; `DEAD` (-1)
 * absorbs every byte. Implementations only hand out states from which acceptance is still reachable.
 */
export interface ByteAutomaton {
  readonly start: number;
  step(state: number, byte: number): number;
  isAccepting(state: number): boolean;
}

export const DEFAULT_MAX_DFA_STATES = 100_000;

const UNKNOWN = -2;

/**
 * The DFA of a byte NFA, built lazily: each state (a set of NFA states) and each transition is made the first
 * time a step needs it, then cached, so a pattern whose full DFA would be huge costs only what generation
 * visits. Bytes are grouped into classes no NFA range splits, so transition rows are short.
 */
export class ByteDfa implements ByteAutomaton {
  readonly start: number;
  private readonly live: Uint8Array;
  private readonly classOf = new Uint8Array(256);
  private readonly classRep: number[] = [];
  private readonly classCount: number;
  private trans: Int32Array;
  private accepting: Uint8Array;
  private readonly members: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly seen: Int32Array;
  private generation = 0;

  constructor(
    private readonly nfa: ByteNfa,
    private readonly options: { maxStates?: number; pattern?: string } = {},
  ) {
    this.live = computeLiveness(nfa);
    this.seen = new Int32Array(nfa.size);
    this.classCount = this.buildByteClasses();
    this.trans = new Int32Array(64 * this.classCount).fill(UNKNOWN);
    this.accepting = new Uint8Array(64);
    this.start = this.intern([nfa.start], true);
  }

  /** How many states have been built so far. */
  get stateCount(): number {
    return this.members.length;
  }

  step(state: number, byte: number): number {
    if (state < 0) return DEAD;
    // Kept tiny so engines inline it into the masker's trie walk; misses take the slow path.
    const cls = this.classOf[byte];
    const cached = this.trans[state * this.classCount + cls];
    return cached !== UNKNOWN ? cached : this.buildStep(state, cls);
  }

  isAccepting(state: number): boolean {
    return state >= 0 && this.accepting[state] === 1;
  }

  /** Always true for a non-dead state: dead ends are pruned when states are built. */
  canReachAccept(state: number): boolean {
    return state >= 0;
  }

  private buildStep(state: number, cls: number): number {
    const rep = this.classRep[cls];
    const { lo, hi, next } = this.nfa;
    const seeds: number[] = [];
    for (const s of this.members[state]) if (lo[s] <= rep && rep <= hi[s]) seeds.push(next[s]);
    const target = seeds.length === 0 ? DEAD : this.intern(seeds, false);
    // intern may have grown the table, so index it afresh.
    this.trans[state * this.classCount + cls] = target;
    return target;
  }

  private buildByteClasses(): number {
    const boundary = new Uint8Array(257);
    const { kind, lo, hi, size } = this.nfa;
    for (let s = 0; s < size; s++) {
      if (kind[s] !== NfaKind.Byte) continue;
      boundary[lo[s]] = 1;
      boundary[hi[s] + 1] = 1;
    }
    let cls = -1;
    for (let b = 0; b < 256; b++) {
      if (b === 0 || boundary[b]) {
        cls++;
        this.classRep.push(b);
      }
      this.classOf[b] = cls;
    }
    return cls + 1;
  }

  /** The DFA state for the epsilon closure of `seeds`; DEAD when nothing live remains. */
  private intern(seeds: number[], atStart: boolean): number {
    const members = this.closure(seeds, atStart);
    const accepting = this.reachesMatch(seeds, atStart);
    if (members.length === 0 && !accepting) return DEAD;
    const key = accepting ? `A${members.join(',')}` : members.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;

    const id = this.members.length;
    const limit = this.options.maxStates ?? DEFAULT_MAX_DFA_STATES;
    if (id >= limit) {
      const pattern = this.options.pattern;
      const named = pattern === undefined ? '' : `${JSON.stringify(pattern)} `;
      throw new PocketLMError(
        'UNSUPPORTED_CONSTRAINT',
        `Regex ${named}needs more than ${limit} DFA states; ` +
          'simplify it (large bounded repeats of alternations multiply states).',
        { details: { pattern, limit } },
      );
    }
    if (id >= this.accepting.length) this.grow();
    this.members.push(members);
    this.accepting[id] = accepting ? 1 : 0;
    this.ids.set(key, id);
    return id;
  }

  private grow(): void {
    const capacity = this.accepting.length * 2;
    const accepting = new Uint8Array(capacity);
    accepting.set(this.accepting);
    this.accepting = accepting;
    const trans = new Int32Array(capacity * this.classCount).fill(UNKNOWN);
    trans.set(this.trans);
    this.trans = trans;
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
