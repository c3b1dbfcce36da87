import type { Alternatives, GrammarAst, GrammarItem } from '../src/constraints/grammar/grammar-ast.js';
import { contains } from '../src/constraints/regex/code-point-set.js';

/**
 * An independent recognizer for tests: a textbook Earley parser over code points, on the parser's AST
 * (so it checks the byte-level engine, not the parser). Groups and repetitions become helper rules.
 */
type Sym = { rule: number } | { set: readonly number[] };
interface Item {
  p: number;
  dot: number;
  origin: number;
}
export interface Chart {
  readonly sets: readonly Item[][];
}
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
    const sets = this.chart(text)?.sets;
    const last = sets?.[sets.length - 1] ?? [];
    return last.some((it) => this.isDone(it) && it.origin === 0 && this.productions[it.p].lhs === this.root);
  }

  /** Whether `text` can be continued into a string the grammar matches. */
  isViablePrefix(text: string): boolean {
    return this.chart(text) !== undefined;
  }

  /** The Earley sets after `text`, or undefined once no parse survives. */
  chart(text: string): Chart | undefined {
    const set: Item[] = [];
    const keys = new Set<string>();
    for (const p of this.byLhs[this.root]) this.add(set, keys, p, 0, 0);
    const sets = [set];
    this.close(sets, keys);
    return this.extend({ sets }, text);
  }

  /** `chart` continued by `text` (the original is left as it was). */
  extend(chart: Chart, text: string): Chart | undefined {
    const sets = chart.sets.slice();
    for (const c of text) {
      const cp = c.codePointAt(0)!;
      const set: Item[] = [];
      const keys = new Set<string>();
      for (const it of sets[sets.length - 1]) {
        const sym = this.productions[it.p].rhs[it.dot];
        if (sym !== undefined && 'set' in sym && contains(sym.set, cp))
          this.add(set, keys, it.p, it.dot + 1, it.origin);
      }
      if (set.length === 0) return undefined;
      sets.push(set);
      this.close(sets, keys);
    }
    return { sets };
  }

  private add(set: Item[], keys: Set<string>, p: number, dot: number, origin: number): void {
    const key = `${p},${dot},${origin}`;
    if (keys.has(key)) return;
    keys.add(key);
    set.push({ p, dot, origin });
  }

  /** Predicts and completes in the last set until nothing changes. */
  private close(sets: Item[][], keys: Set<string>): void {
    const k = sets.length - 1;
    const set = sets[k];
    for (let i = 0; i < set.length; i++) {
      const it = set[i];
      const prod = this.productions[it.p];
      const sym = prod.rhs[it.dot];
      if (sym === undefined) {
        for (const parent of sets[it.origin]) {
          const next = this.productions[parent.p].rhs[parent.dot];
          if (next !== undefined && 'rule' in next && next.rule === prod.lhs) {
            this.add(set, keys, parent.p, parent.dot + 1, parent.origin);
          }
        }
      } else if ('rule' in sym) {
        for (const p of this.byLhs[sym.rule]) this.add(set, keys, p, 0, k);
        // Aycock and Horspool: a nullable rule may be skipped at once.
        if (this.nullable[sym.rule]) this.add(set, keys, it.p, it.dot + 1, it.origin);
      }
    }
  }

  private isDone(it: Item): boolean {
    return it.dot === this.productions[it.p].rhs.length;
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
