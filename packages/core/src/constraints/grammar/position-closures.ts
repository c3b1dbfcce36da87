import { type GrammarProgram, PositionKind } from './grammar-program.js';

/**
 * For each position the recognizer can land on (a rule's start, the position after a Term, a Call's return
 * position), what it reaches without reading a byte inside its own rule: the Terms that read the next byte,
 * the Calls to enter, and whether the rule may end. Only productive positions are kept. Precomputed so a
 * recognizer step never walks Splits.
 */
export interface PositionClosures {
  /** Position p's Terms are `items[termStart[p]..callStart[p])`, its Calls `items[callStart[p]..callEnd[p])`. */
  readonly termStart: Int32Array;
  readonly callStart: Int32Array;
  readonly callEnd: Int32Array;
  readonly items: Int32Array;
  /** 1 when End is reachable. */
  readonly ends: Uint8Array;
  /**
   * 1 for a Call whose return position can only end its rule: it needs no frame of its own (a tail call), so
   * right recursion such as `ws ::= [ ] ws | ""` keeps the stack flat instead of growing a frame per byte.
   */
  readonly tail: Uint8Array;
}

export function computeClosures(p: GrammarProgram, productive: Uint8Array): PositionClosures {
  const { kind, next, alts, size } = p;
  const entries = new Set<number>(p.rules.map((r) => r.start));
  for (let pos = 0; pos < size; pos++) {
    if (kind[pos] === PositionKind.Term || kind[pos] === PositionKind.Call) entries.add(next[pos]);
  }
  const termStart = new Int32Array(size);
  const callStart = new Int32Array(size);
  const callEnd = new Int32Array(size);
  const ends = new Uint8Array(size);
  const items: number[] = [];
  const seen = new Int32Array(size).fill(-1);
  const terms: number[] = [];
  const calls: number[] = [];
  for (const entry of entries) {
    if (productive[entry] === 0) continue;
    terms.length = 0;
    calls.length = 0;
    const stack = [entry];
    while (stack.length > 0) {
      const pos = stack.pop()!;
      if (seen[pos] === entry || productive[pos] === 0) continue;
      seen[pos] = entry;
      const k = kind[pos];
      if (k === PositionKind.Term) terms.push(pos);
      else if (k === PositionKind.Call) calls.push(pos);
      else if (k === PositionKind.End) ends[entry] = 1;
      else for (let i = alts[pos].length - 1; i >= 0; i--) stack.push(alts[pos][i]);
    }
    termStart[entry] = items.length;
    for (const t of terms) items.push(t);
    callStart[entry] = items.length;
    for (const c of calls) items.push(c);
    callEnd[entry] = items.length;
  }
  const tail = new Uint8Array(size);
  for (let pos = 0; pos < size; pos++) {
    const ret = next[pos];
    if (kind[pos] === PositionKind.Call && ends[ret] === 1 && callEnd[ret] === termStart[ret]) tail[pos] = 1;
  }
  return { termStart, callStart, callEnd, items: Int32Array.from(items), ends, tail };
}
