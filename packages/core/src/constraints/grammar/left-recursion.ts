import type { PocketLMError } from '../../errors/pocketlm-error.js';
import { grammarError } from './gbnf-cursor.js';
import { type GrammarProgram, PositionKind } from './grammar-program.js';

/** Which rules can match the empty string (End reachable through Splits and calls of such rules). */
export function nullableRules(p: GrammarProgram): Uint8Array {
  const nullable = new Uint8Array(p.rules.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 0; r < p.rules.length; r++) {
      if (nullable[r] === 0 && reaches(p, p.rules[r].start, nullable, () => {})) {
        nullable[r] = 1;
        changed = true;
      }
    }
  }
  return nullable;
}

/**
 * Refuses left recursion: a rule that can call itself again before reading a byte (`expr ::= expr "+" term`,
 * or through other rules or nullable prefixes). The recognizer keeps one stack per parse, and such a rule
 * would push frames forever; llama.cpp refuses it too.
 *
 * @throws PocketLMError `INVALID_OPTIONS` at the reference that closes the cycle, naming the cycle.
 */
export function checkLeftRecursion(p: GrammarProgram, nullable: Uint8Array): void {
  // calls[r]: the Call positions rule r can reach before reading a byte.
  const calls = p.rules.map((rule) => {
    const out: number[] = [];
    reaches(p, rule.start, nullable, (call) => out.push(call));
    return out;
  });
  // Depth-first, with an explicit stack: a chain of thousands of rules must not overflow the call stack.
  const state = new Uint8Array(p.rules.length); // 0 new, 1 on the path, 2 done
  for (let root = 0; root < p.rules.length; root++) {
    if (state[root] !== 0) continue;
    const path = [root];
    const nextCall = [0];
    state[root] = 1;
    while (path.length > 0) {
      const r = path[path.length - 1];
      const i = nextCall[nextCall.length - 1]++;
      if (i === calls[r].length) {
        state[r] = 2;
        path.pop();
        nextCall.pop();
        continue;
      }
      const call = calls[r][i];
      const callee = p.arg[call];
      if (state[callee] === 1) throw leftRecursion(p, [...path.slice(path.indexOf(callee)), callee], call);
      if (state[callee] === 0) {
        state[callee] = 1;
        path.push(callee);
        nextCall.push(0);
      }
    }
  }
}

function leftRecursion(p: GrammarProgram, cycle: number[], call: number): PocketLMError {
  const name = p.rules[cycle[0]].name;
  const names = cycle.map((r) => p.rules[r].name);
  const shown = names.length > 8 ? [...names.slice(0, 4), '…', ...names.slice(-3)] : names;
  return grammarError(
    `rule "${name}" is left-recursive (${shown.join(' → ')}): it can reach ` +
      'itself again before reading any character, which this recognizer (like llama.cpp) cannot follow; ' +
      `write the repetition with * or + instead, e.g. expr ::= term ("+" term)* rather than ` +
      'expr ::= expr "+" term',
    p.callAt.get(call)!,
  );
}

/**
 * Walks from `start` without reading a byte (Splits, and past calls of nullable rules), reporting each Call
 * met; returns whether End is reachable.
 */
function reaches(
  p: GrammarProgram,
  start: number,
  nullable: Uint8Array,
  onCall: (call: number) => void,
): boolean {
  const seen = new Set<number>();
  const stack = [start];
  let end = false;
  while (stack.length > 0) {
    const pos = stack.pop()!;
    if (seen.has(pos)) continue;
    seen.add(pos);
    const kind = p.kind[pos];
    if (kind === PositionKind.End) end = true;
    else if (kind === PositionKind.Split) stack.push(...p.alts[pos]);
    else if (kind === PositionKind.Call) {
      onCall(pos);
      if (nullable[p.arg[pos]] === 1) stack.push(p.next[pos]);
    }
  }
  return end;
}
