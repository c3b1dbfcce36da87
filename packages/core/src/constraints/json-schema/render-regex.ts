import type { RegexNode } from './regex-ast.js';

/**
 * ECMAScript source (valid with the `u` flag, meant to be matched as a whole) for a regex tree. Only plain syntax is
 * used: literals, `\uHHHH` / `\u{H}` escapes, classes of ranges, `(?:…)`, `|` and quantifiers, so the mask engine's
 * regex → DFA compiler can read it.
 */
export function renderRegex(node: RegexNode): string {
  return render(node, 'alt');
}

type Level = 'alt' | 'seq' | 'atom';

function render(node: RegexNode, level: Level): string {
  switch (node.kind) {
    case 'literal': {
      const text = [...node.text].map((ch) => escapeChar(ch.codePointAt(0)!, false)).join('');
      return level === 'atom' && [...node.text].length > 1 ? `(?:${text})` : text;
    }
    case 'chars':
      return `[${node.set.map(([lo, hi]) => renderRange(lo, hi)).join('')}]`;
    case 'seq': {
      const text = node.items.map((item) => render(item, 'seq')).join('');
      return level === 'atom' && node.items.length !== 1 ? `(?:${text})` : text;
    }
    case 'alt': {
      if (node.options.length === 0) return '[]';
      const text = node.options.map((option) => render(option, 'alt')).join('|');
      return level === 'alt' || node.options.length === 1 ? text : `(?:${text})`;
    }
    case 'repeat': {
      const text = render(node.node, 'atom') + quantifier(node.min, node.max);
      return level === 'atom' ? `(?:${text})` : text;
    }
  }
}

function quantifier(min: number, max: number | null): string {
  if (max === null) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function renderRange(lo: number, hi: number): string {
  if (lo === hi) return escapeChar(lo, true);
  if (hi === lo + 1) return escapeChar(lo, true) + escapeChar(hi, true);
  return `${escapeChar(lo, true)}-${escapeChar(hi, true)}`;
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const CLASS_SYNTAX = new Set('\\]-[^');

/** Printable ASCII stays as is (syntax characters backslashed); everything else becomes a `\u` escape. */
function escapeChar(cp: number, inClass: boolean): string {
  if (cp >= 0x20 && cp <= 0x7e) {
    const ch = String.fromCharCode(cp);
    return (inClass ? CLASS_SYNTAX : SYNTAX).has(ch) ? `\\${ch}` : ch;
  }
  if (cp > 0xffff) return `\\u{${cp.toString(16).toUpperCase()}}`;
  return `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
