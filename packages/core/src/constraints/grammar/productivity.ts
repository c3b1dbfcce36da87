import { grammarError } from './gbnf-cursor.js';
import { type GrammarProgram, PositionKind } from './grammar-program.js';

/**
 * Which positions can still reach the end of their rule by reading a finite string. The recognizer only
 * follows productive positions, so every parse it keeps alive can be completed: a live configuration always
 * has a way to acceptance, which the token masker relies on (it never offers a token that leads into a dead
 * end).
 *
 * @throws PocketLMError `INVALID_OPTIONS` for a rule that can never finish (every alternative needs the rule
 *   itself, or another such rule, again: `a ::= "x" a` with no way out).
 */
export function productivePositions(p: GrammarProgram): Uint8Array {
  const { kind, arg, next, alts, byteSets, size } = p;
  // need[pos]: how many more of its successors must become productive (a Split needs one, a Call two: its
  // rule and its return). Each position lists who waits on it; End seeds the worklist.
  const need = new Int32Array(size);
  const waiting: number[][] = Array.from({ length: size }, () => []);
  for (let pos = 0; pos < size; pos++) {
    switch (kind[pos]) {
      case PositionKind.Term:
        need[pos] = byteSets.subarray(arg[pos] * 8, arg[pos] * 8 + 8).some((w) => w !== 0) ? 1 : -1;
        waiting[next[pos]].push(pos);
        break;
      case PositionKind.Call:
        need[pos] = 2;
        waiting[next[pos]].push(pos);
        waiting[p.rules[arg[pos]].start].push(pos);
        break;
      case PositionKind.Split:
        need[pos] = 1;
        for (const a of alts[pos]) waiting[a].push(pos);
        break;
    }
  }
  const productive = new Uint8Array(size);
  const work = [p.end];
  productive[p.end] = 1;
  while (work.length > 0) {
    for (const w of waiting[work.pop()!]) {
      if (productive[w] === 0 && --need[w] === 0) {
        productive[w] = 1;
        work.push(w);
      }
    }
  }
  // Blame a rule that needs itself, rather than one that merely calls it.
  const stuck = p.rules.filter((r) => productive[r.start] === 0);
  if (stuck.length > 0) {
    const rule = stuck.find((r) => callsItself(p, r.start)) ?? stuck[0];
    throw grammarError(
      `rule "${rule.name}" can never finish: every alternative needs "${rule.name}" itself (or another ` +
        'rule that never finishes) again, or an empty character class; give it an alternative that ends',
      rule.at,
    );
  }
  return productive;
}

/** Whether the rule starting at `start` can reach a call of itself (through any rules). */
function callsItself(p: GrammarProgram, start: number): boolean {
  const seen = new Set<number>();
  const stack = [start];
  let first = true;
  while (stack.length > 0) {
    const pos = stack.pop()!;
    if (pos === start && !first) return true;
    first = false;
    if (seen.has(pos)) continue;
    seen.add(pos);
    const kind = p.kind[pos];
    if (kind === PositionKind.Split) stack.push(...p.alts[pos]);
    else if (kind === PositionKind.Term) stack.push(p.next[pos]);
    else if (kind === PositionKind.Call) stack.push(p.next[pos], p.rules[p.arg[pos]].start);
  }
  return false;
}
