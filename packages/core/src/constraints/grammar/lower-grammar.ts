import { encodeUtf8 } from '../regex/utf8-sequences.js';
import { ROOT_RULE } from './check-references.js';
import { compileBytes, compileClass } from './class-fragment.js';
import type { Alternatives, GrammarAst, GrammarItem } from './grammar-ast.js';
import { type GrammarProgram, PositionKind, ProgramBuilder } from './grammar-program.js';

/**
 * Lowers a checked grammar to byte-level positions. Each item is compiled against its continuation (the
 * position after it), so a bounded repeat `x{0,n}` becomes `(x(x(…)?)?)?` whose every skip edge points
 * straight past the repeat, as the regex compiler does.
 */
export function lowerGrammar(ast: GrammarAst, maxPositions?: number): GrammarProgram {
  const b = new ProgramBuilder(maxPositions);
  const index = new Map(ast.rules.map((r, i) => [r.name, i]));

  const compileItem = (item: GrammarItem, next: number): number => {
    switch (item.type) {
      case 'literal':
        return compileBytes(b, item.codePoints.flatMap(encodeUtf8), next);
      case 'class':
        return compileClass(b, item.set, next);
      case 'ref': {
        const call = b.add(PositionKind.Call, index.get(item.name)!, next);
        b.callAt.set(call, item.at);
        return call;
      }
      case 'group':
        return compileAlternatives(item.alternatives, next);
      case 'repeat':
        return compileRepeat(item.item, item.min, item.max, next);
    }
  };

  const compileAlternatives = (alternatives: Alternatives, next: number): number =>
    b.split(alternatives.map((sequence) => compileSequence(sequence, next)));

  const compileSequence = (sequence: readonly GrammarItem[], next: number): number => {
    let entry = next;
    for (let i = sequence.length - 1; i >= 0; i--) entry = compileItem(sequence[i], entry);
    return entry;
  };

  const compileRepeat = (item: GrammarItem, min: number, max: number, next: number): number => {
    let entry = next;
    if (max === Number.POSITIVE_INFINITY) {
      const loop = b.placeholder();
      b.setAlternatives(loop, [compileItem(item, loop), next]);
      entry = loop;
    } else {
      for (let i = min; i < max; i++) entry = b.split([compileItem(item, entry), next]);
    }
    for (let i = 0; i < min; i++) entry = compileItem(item, entry);
    return entry;
  };

  const rules = ast.rules.map((rule) => ({ name: rule.name, at: rule.at, start: -1 }));
  ast.rules.forEach((rule, i) => {
    rules[i].start = compileAlternatives(rule.alternatives, b.end);
  });
  return b.finish(rules, index.get(ROOT_RULE)!);
}
