import type { PocketLMError } from '../../errors/pocketlm-error.js';
import { type ByteAutomaton, DEAD } from './byte-automaton.js';
import type { ByteClasses } from './byte-classes.js';

const UNKNOWN = -2;

/**
 * The state table shared by the regex DFA and the grammar recognizer: states are interned sets of members
 * (NFA states, parse stacks), each made the first time a step reaches it, and each transition is computed on
 * first use (`buildStep`) and cached per byte class, so only what generation visits is ever built.
 */
export abstract class LazyByteAutomaton implements ByteAutomaton {
  abstract readonly start: number;
  /** The members of each state, by state id. */
  protected readonly members: Int32Array[] = [];
  /** One byte of each class, the one `buildStep` computes a transition for. */
  protected readonly classRep: Uint8Array;
  private readonly classOf: Uint8Array;
  private readonly classCount: number;
  private trans: Int32Array;
  private accepting: Uint8Array;
  private readonly ids = new Map<string, number>();

  constructor(
    classes: ByteClasses,
    private readonly maxStates: number,
  ) {
    // Copied into own fields: `step` is the hot path and should not chase a pointer.
    this.classOf = classes.classOf;
    this.classRep = classes.classRep;
    this.classCount = classes.classCount;
    this.trans = new Int32Array(64 * this.classCount).fill(UNKNOWN);
    this.accepting = new Uint8Array(64);
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
    return cached !== UNKNOWN ? cached : this.fill(state, cls);
  }

  isAccepting(state: number): boolean {
    return state >= 0 && this.accepting[state] === 1;
  }

  /** The state reached from `state` on the bytes of class `cls` (any byte of it: `classRep[cls]`). */
  protected abstract buildStep(state: number, cls: number): number;

  /** The error thrown once more than `limit` states would be built. */
  protected abstract tooManyStates(limit: number): PocketLMError;

  /** The id of the state with these (sorted) members; DEAD when it has none and does not accept. */
  protected internState(members: Int32Array, accepting: boolean): number {
    if (members.length === 0 && !accepting) return DEAD;
    const key = accepting ? `A${members.join(',')}` : members.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.members.length;
    if (id >= this.maxStates) throw this.tooManyStates(this.maxStates);
    if (id >= this.accepting.length) this.grow();
    this.members.push(members);
    this.accepting[id] = accepting ? 1 : 0;
    this.ids.set(key, id);
    return id;
  }

  private fill(state: number, cls: number): number {
    const target = this.buildStep(state, cls);
    // buildStep may have grown the table, so index it afresh.
    this.trans[state * this.classCount + cls] = target;
    return target;
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
}
