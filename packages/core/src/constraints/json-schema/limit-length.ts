import { alt, isNever, lengthBounds, NEVER, type RegexNode, repeat, seq } from './regex-ast.js';

/**
 * Part of `node`'s language whose strings have between `lo` and `hi` code points (`hi` null: no upper bound), or
 * null when this simple rewrite cannot find one. Always a subset (sound), not always all of it: in a sequence, one
 * variable part takes up the slack and the others are pinned to one length. This is how `minLength` / `maxLength`
 * are combined with `pattern` or `format`, since regexes cannot be intersected in general.
 */
export function limitLength(node: RegexNode, lo: number, hi: number | null): RegexNode | null {
  if (isNever(node)) return NEVER;
  const b = lengthBounds(node);
  if (b.min >= lo && (hi === null || (b.max !== null && b.max <= hi))) return node;
  if ((hi !== null && b.min > hi) || (b.max !== null && b.max < lo)) return NEVER;
  switch (node.kind) {
    case 'literal':
    case 'chars':
      return node; // fixed length: one of the two cases above
    case 'alt': {
      const options = node.options.map((option) => limitLength(option, lo, hi));
      // Dropping an option that cannot be limited only loses strings.
      return alt(...options.filter((option): option is RegexNode => option !== null));
    }
    case 'repeat':
      return limitRepeat(node, lo, hi);
    case 'seq':
      return limitSeq(node.items, lo, hi);
  }
}

function limitRepeat(node: RegexNode & { kind: 'repeat' }, lo: number, hi: number | null): RegexNode | null {
  const inner = lengthBounds(node.node);
  let unit = node.node;
  let k = inner.min;
  if (inner.min !== inner.max || k === 0) {
    // Pin the repeated part to one positive length so counts map to lengths.
    k = Math.max(inner.min, 1);
    const pinned = limitLength(node.node, k, k);
    if (pinned === null || isNever(pinned)) return null;
    unit = pinned;
  }
  const min = Math.max(node.min, Math.ceil(lo / k));
  const caps = [node.max, hi === null ? null : Math.floor(hi / k)].filter((x): x is number => x !== null);
  const max = caps.length === 0 ? null : Math.min(...caps);
  return repeat(unit, min, max);
}

function limitSeq(items: readonly RegexNode[], lo: number, hi: number | null): RegexNode | null {
  const bounds = items.map(lengthBounds);
  const variable = bounds.map((_, i) => i).filter((i) => bounds[i].min !== bounds[i].max);
  // The slack goes to an unbounded part if there is one (the last), else to the one with the widest range.
  let flex = variable[variable.length - 1];
  for (const i of variable) {
    const b = bounds[i];
    const f = bounds[flex];
    if (f.max !== null && (b.max === null || b.max - b.min > f.max - f.min)) flex = i;
  }
  const lengths = bounds.map((b) => b.min);
  const fixedTotal = () => lengths.reduce((n, len, i) => (i === flex ? n : n + len), 0);
  // If the flexible part alone cannot reach `lo`, lengthen the others (in order) as far as needed.
  const flexMax = bounds[flex].max;
  if (flexMax !== null) {
    let needed = lo - fixedTotal() - flexMax;
    for (const i of variable) {
      if (needed <= 0) break;
      if (i === flex) continue;
      const room = (bounds[i].max ?? Number.POSITIVE_INFINITY) - bounds[i].min;
      const add = Math.min(room, needed);
      lengths[i] += add;
      needed -= add;
    }
  }
  const parts: RegexNode[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i === flex) continue;
    const pinned = bounds[i].min === bounds[i].max ? items[i] : limitLength(items[i], lengths[i], lengths[i]);
    if (pinned === null) return null;
    parts[i] = pinned;
  }
  const rest = fixedTotal();
  if (hi !== null && hi < rest) return NEVER;
  const flexible = limitLength(items[flex], Math.max(0, lo - rest), hi === null ? null : hi - rest);
  if (flexible === null) return null;
  parts[flex] = flexible;
  return seq(...parts);
}
