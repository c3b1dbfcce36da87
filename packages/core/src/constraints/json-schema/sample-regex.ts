import type { CodePointSet } from './code-point-set.js';
import type { RegexNode } from './regex-ast.js';

/**
 * A random string the regex tree matches, for property tests (is everything the regex admits valid?). Draws favour
 * edges: repeats at their minimum or maximum, and ASCII members of a class as often as the rest of it.
 * `rng` returns uniform numbers in [0, 1). Throws on NEVER, which matches nothing.
 */
export function sampleRegex(node: RegexNode, rng: () => number): string {
  const out: string[] = [];
  walk(node, rng, out);
  return out.join('');
}

function walk(node: RegexNode, rng: () => number, out: string[]): void {
  switch (node.kind) {
    case 'literal':
      out.push(node.text);
      return;
    case 'chars':
      out.push(String.fromCodePoint(pickCodePoint(node.set, rng)));
      return;
    case 'seq':
      for (const item of node.items) walk(item, rng, out);
      return;
    case 'alt':
      if (node.options.length === 0) throw new Error('sampleRegex: the regex matches nothing');
      walk(node.options[Math.floor(rng() * node.options.length)], rng, out);
      return;
    case 'repeat': {
      const count = pickCount(node.min, node.max, rng);
      for (let i = 0; i < count; i++) walk(node.node, rng, out);
      return;
    }
  }
}

function pickCount(min: number, max: number | null, rng: () => number): number {
  const r = rng();
  if (r < 0.2) return min;
  if (max !== null && max - min <= 64 && r < 0.4) return max;
  let extra = 0;
  while (extra < 8 && rng() < 0.6) extra++;
  return max === null ? min + extra : Math.min(max, min + extra);
}

function pickCodePoint(set: CodePointSet, rng: () => number): number {
  const ascii = set.filter(([lo]) => lo <= 0x7f).map(([lo, hi]) => [lo, Math.min(hi, 0x7f)] as const);
  const pool = ascii.length > 0 && rng() < 0.5 ? ascii : set;
  const [lo, hi] = pool[Math.floor(rng() * pool.length)];
  return lo + Math.floor(rng() * (hi - lo + 1));
}
