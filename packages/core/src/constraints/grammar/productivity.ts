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
  const productive = new Uint8Array(p.size);
  const { kind, arg, next, alts, byteSets } = p;
  const nonEmpty = (set: number) => byteSets.subarray(set * 8, set * 8 + 8).some((w) => w !== 0);
  // Positions are mostly built after their continuations, so ascending passes settle quickly.
  for (let changed = true; changed; ) {
    changed = false;
    for (let pos = 0; pos < p.size; pos++) {
      if (productive[pos] === 1) continue;
      let ok: boolean;
      switch (kind[pos]) {
        case PositionKind.End:
          ok = true;
          break;
        case PositionKind.Term:
          ok = productive[next[pos]] === 1 && nonEmpty(arg[pos]);
          break;
        case PositionKind.Call:
          ok = productive[p.rules[arg[pos]].start] === 1 && productive[next[pos]] === 1;
          break;
        default:
          ok = alts[pos].some((a) => productive[a] === 1);
      }
      if (ok) {
        productive[pos] = 1;
        changed = true;
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
