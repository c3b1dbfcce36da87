import { PocketLMError } from '../../errors/pocketlm-error.js';
import { LazyByteAutomaton } from '../regex/lazy-byte-automaton.js';
import type { CompiledGrammar } from './compile-grammar.js';
import { hasByte } from './grammar-program.js';
import { StackTable } from './stack-table.js';

/** Limits for a {@link GrammarAutomaton}. */
export interface GrammarAutomatonOptions {
  /** Configurations (sets of stacks) built before stepping throws. Default 200,000. */
  maxStates?: number;
  /** Stacks one configuration may hold (parses alive at once) before stepping throws. Default 10,000. */
  maxStacks?: number;
}

/**
 * A pushdown recognizer for a compiled grammar, seen as a byte automaton the token masker can walk: a state
 * is a configuration, the set of parse stacks still alive (llama.cpp's "set of stacks"), each stack with a
 * Term reading the next byte on top. Stepping a byte advances every stack whose Term accepts it, then follows
 * Splits, rule calls (pushing a return frame) and rule ends (popping) until each stack again has a Term on
 * top. Stacks are hash-consed and configurations interned, so a configuration is a small integer, its
 * transitions are cached per byte class like a lazily built DFA, and the many configurations that recur
 * (inside a JSON string, between array items) cost one computation each.
 *
 * Every stack kept can be completed (unproductive positions are dropped when compiling), so a live state can
 * always reach acceptance, as `ByteAutomaton` requires.
 */
export class GrammarAutomaton extends LazyByteAutomaton {
  readonly start: number;
  private readonly stacks: StackTable;
  private readonly ruleStart: Int32Array;
  private readonly maxStacks: number;
  // Scratch for one step: pending (position, parent) pairs, what was visited, the stacks reached.
  private readonly workPos: number[] = [];
  private readonly workParent: number[] = [];
  private readonly visited = new Set<number>();
  private readonly reached = new Set<number>();
  private acceptReached = false;

  constructor(
    private readonly grammar: CompiledGrammar,
    options: GrammarAutomatonOptions = {},
  ) {
    super(grammar, options.maxStates ?? 200_000);
    this.stacks = new StackTable(grammar.program.size);
    this.ruleStart = Int32Array.from(grammar.program.rules, (r) => r.start);
    this.maxStacks = options.maxStacks ?? 10_000;
    this.workPos.push(this.ruleStart[grammar.program.root]);
    this.workParent.push(-1);
    this.start = this.settle();
  }

  /** Distinct stacks built so far. */
  get stackCount(): number {
    return this.stacks.count;
  }

  /** The stacks of `state` as position lists, bottom first (for tests and debugging). */
  stacksOf(state: number): number[][] {
    if (state < 0) return [];
    return Array.from(this.members[state], (s) => this.stacks.positionsOf(s));
  }

  protected buildStep(state: number, cls: number): number {
    const byte = this.classRep[cls];
    const { arg, next, byteSets } = this.grammar.program;
    const { pos, parent } = this.stacks;
    // A step that threw (too ambiguous) may have left work behind.
    this.workPos.length = 0;
    this.workParent.length = 0;
    for (const s of this.members[state]) {
      const term = pos[s];
      if (hasByte(byteSets, arg[term], byte)) {
        this.workPos.push(next[term]);
        this.workParent.push(parent[s]);
      }
    }
    return this.settle();
  }

  /** Expands the pending (position, parent) pairs until every stack has a Term on top; interns the result. */
  private settle(): number {
    const { termStart, callStart, callEnd, items, ends, tail } = this.grammar.closures;
    const { arg, next, size } = this.grammar.program;
    const stacks = this.stacks;
    const { workPos, workParent, visited, reached } = this;
    visited.clear();
    reached.clear();
    this.acceptReached = false;
    while (workPos.length > 0) {
      const pos = workPos.pop()!;
      const parent = workParent.pop()!;
      const key = (parent + 1) * size + pos;
      if (visited.has(key)) continue;
      visited.add(key);
      for (let i = termStart[pos]; i < callStart[pos]; i++) reached.add(stacks.intern(items[i], parent));
      if (reached.size > this.maxStacks) throw this.tooMany('ambiguous', this.maxStacks);
      if (ends[pos] === 1) {
        if (parent < 0) this.acceptReached = true;
        else {
          workPos.push(stacks.pos[parent]);
          workParent.push(stacks.parent[parent]);
        }
      }
      for (let i = callStart[pos]; i < callEnd[pos]; i++) {
        const call = items[i];
        workPos.push(this.ruleStart[arg[call]]);
        workParent.push(tail[call] === 1 ? parent : stacks.intern(next[call], parent));
      }
    }
    return this.internState(Int32Array.from(reached).sort(), this.acceptReached);
  }

  protected tooManyStates(limit: number): PocketLMError {
    return this.tooMany('states', limit);
  }

  private tooMany(what: 'ambiguous' | 'states', limit: number): PocketLMError {
    const message =
      what === 'ambiguous'
        ? `Grammar is too ambiguous: more than ${limit} parses are alive at once here (rules that can ` +
          'match the same text in many nested ways); make alternatives differ in what they start with.'
        : `Grammar needed more than ${limit} parser configurations in one generation.`;
    return new PocketLMError('UNSUPPORTED_CONSTRAINT', message, { details: { limit } });
  }
}
