import { type ByteNfa, NfaKind } from './byte-nfa.js';

/**
 * For every NFA state, whether some byte string leads from it to Match once at least one byte has been read
 * (so `^` is closed, and `$` may only be crossed when nothing follows). The DFA drops states that are not
 * live, so any state it hands out can still reach acceptance: stepping never enters a dead end that only a
 * later byte would reveal. Exact, because every Byte state's range is non-empty and every byte path through
 * the UTF-8 chains spells valid UTF-8.
 */
export function computeLiveness(nfa: ByteNfa): Uint8Array {
  const { kind, next, alts, size, match } = nfa;
  // Reverse edges in CSR form; `viaEnd` marks edges that cross `$`.
  const degree = new Int32Array(size + 1);
  const forEachEdge = (visit: (from: number, to: number, viaEnd: boolean) => void) => {
    for (let s = 0; s < size; s++) {
      const k = kind[s];
      if (k === NfaKind.Byte) visit(s, next[s], false);
      else if (k === NfaKind.AssertEnd) visit(s, next[s], true);
      else if (k === NfaKind.Split) for (const t of alts[s]) visit(s, t, false);
    }
  };
  forEachEdge((_, to) => degree[to + 1]++);
  for (let i = 0; i < size; i++) degree[i + 1] += degree[i];
  const fill = degree.slice(0, size);
  const preds = new Int32Array(degree[size]);
  const predIsByte = new Uint8Array(degree[size]);
  const predViaEnd = new Uint8Array(degree[size]);
  forEachEdge((from, to, viaEnd) => {
    const at = fill[to]++;
    preds[at] = from;
    predIsByte[at] = kind[from] === NfaKind.Byte ? 1 : 0;
    predViaEnd[at] = viaEnd ? 1 : 0;
  });

  // States that reach Match without reading a byte (through epsilons and `$`).
  const endReach = backwardSearch(match, degree, preds, (at) => predIsByte[at] === 0, size);
  // States that reach Match reading bytes, crossing `$` only into a state that needs no more bytes.
  return backwardSearch(match, degree, preds, (at, to) => predViaEnd[at] === 0 || endReach[to] === 1, size);
}

function backwardSearch(
  from: number,
  degree: Int32Array,
  preds: Int32Array,
  usable: (edge: number, to: number) => boolean,
  size: number,
): Uint8Array {
  const seen = new Uint8Array(size);
  const stack = [from];
  seen[from] = 1;
  while (stack.length > 0) {
    const to = stack.pop()!;
    for (let at = degree[to]; at < degree[to + 1]; at++) {
      const p = preds[at];
      if (seen[p] === 0 && usable(at, to)) {
        seen[p] = 1;
        stack.push(p);
      }
    }
  }
  return seen;
}
