import type { Alternatives, GrammarAst, GrammarItem } from '../src/constraints/grammar/grammar-ast.js';
import { contains } from '../src/constraints/regex/code-point-set.js';

/**
 * An independent recognizer for tests: a textbook Earley parser over code points, on the parser's AST
 * (so it checks the byte-level engine, not the parser). Groups and repetitions become helper rules.
 */
type Sym = { rule: number } | { set: readonly number[] };
interface Production {
  lhs: number;
  rhs: Sym[];
}

export class EarleyReference {
  private readonly productions: Production[] = [];
  private readonly byLhs: number[][] = [];
  private readonly nullable: boolean[] = [];
  private readonly root: number;

  constructor(ast: GrammarAst) {
    const names = new Map(ast.rules.map((r, i) => [r.name, i]));
    for (let i = 0; i < ast.rules.length; i++) this.byLhs.push([]);
    ast.rules.forEach((r, i) => {
      this.addAlternatives(i, r.alternatives, names);
    });
    this.root = names.get('root')!;
    for (let changed = true; changed; ) {
      changed = false;
      for (const p of this.productions) {
        if (!this.nullable[p.lhs] && p.rhs.every((s) => 'rule' in s && this.nullable[s.rule])) {
          this.nullable[p.lhs] = true;
          changed = true;
        }
      }
    }
  }

  /** Whether the grammar matches `text` as a whole. */
  accepts(text: string): boolean {
    const sets = this.run(text);
    const last = sets?.[sets.length - 1] ?? [];
    return last.some((it) => this.isDone(it) && it.origin === 0 && this.productions[it.p].lhs === this.root);
  }

  /** Whether `text` can be continued into a string the grammar matches. */
  isViablePrefix(text: string): boolean {
    return this.run(text) !== undefined;
  }

  private isDone(it: { p: number; dot: number }): boolean {
    return it.dot === this.productions[it.p].rhs.length;
  }

  private run(text: string): { p: number; dot: number; origin: number }[][] | undefined {
    const chars = Array.from(text, (c) => c.codePointAt(0)!);
    const sets: { p: number; dot: number; origin: number }[][] = [];
    const keys: Set<string>[] = [];
    const add = (k: number, p: number, dot: number, origin: number) => {
      const key = `${p},${dot},${origin}`;
      if (keys[k].has(key)) return;
      keys[k].add(key);
      sets[k].push({ p, dot, origin });
    };
    for (let k = 0; k <= chars.length; k++) {
      sets.push([]);
      keys.push(new Set());
      if (k === 0) for (const p of this.byLhs[this.root]) add(0, p, 0, 0);
      else {
        for (const it of sets[k - 1]) {
          const sym = this.productions[it.p].rhs[it.dot];
          if (sym !== undefined && 'set' in sym && contains(sym.set, chars[k - 1]))
            add(k, it.p, it.dot + 1, it.origin);
        }
        if (sets[k].length === 0) return undefined;
      }
      for (let i = 0; i < sets[k].length; i++) {
        const it = sets[k][i];
        const prod = this.productions[it.p];
        const sym = prod.rhs[it.dot];
        if (sym === undefined) {
          for (const parent of sets[it.origin]) {
            const next = this.productions[parent.p].rhs[parent.dot];
            if (next !== undefined && 'rule' in next && next.rule === prod.lhs)
              add(k, parent.p, parent.dot + 1, parent.origin);
          }
        } else if ('rule' in sym) {
          for (const p of this.byLhs[sym.rule]) add(k, p, 0, k);
          if (this.nullable[sym.rule]) add(k, it.p, it.dot + 1, it.origin);
        }
      }
    }
    return sets;
  }

  private newRule(): number {
    this.byLhs.push([]);
    return this.byLhs.length - 1;
  }

  private addProduction(lhs: number, rhs: Sym[]): void {
    this.byLhs[lhs].push(this.productions.length);
    this.productions.push({ lhs, rhs });
  }

  private addAlternatives(lhs: number, alternatives: Alternatives, names: Map<string, number>): void {
    for (const seq of alternatives)
      this.addProduction(
        lhs,
        seq.map((item) => this.symbolOf(item, names)),
      );
  }

  private symbolOf(item: GrammarItem, names: Map<string, number>): Sym {
    switch (item.type) {
      case 'literal': {
        const r = this.newRule();
        this.addProduction(
          r,
          item.codePoints.map((cp) => ({ set: [cp, cp] })),
        );
        return { rule: r };
      }
      case 'class':
        return { set: item.set };
      case 'ref':
        return { rule: names.get(item.name)! };
      case 'group': {
        const r = this.newRule();
        this.addAlternatives(r, item.alternatives, names);
        return { rule: r };
      }
      case 'repeat': {
        const x = this.symbolOf(item.item, names);
        // star ::= x star | ε ; bounded: opt_k ::= x opt_{k-1} | ε
        let tail: Sym[] = [];
        if (item.max === Number.POSITIVE_INFINITY) {
          const star = this.newRule();
          this.addProduction(star, [x, { rule: star }]);
          this.addProduction(star, []);
          tail = [{ rule: star }];
        } else {
          for (let i = item.min; i < item.max; i++) {
            const opt = this.newRule();
            this.addProduction(opt, [x, ...tail]);
            this.addProduction(opt, []);
            tail = [{ rule: opt }];
          }
        }
        const r = this.newRule();
        this.addProduction(r, [...Array.from({ length: item.min }, () => x), ...tail]);
        return { rule: r };
      }
    }
  }
}
