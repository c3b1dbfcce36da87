import { grammarError } from './gbnf-cursor.js';
import type { Alternatives, GrammarAst, GrammarItem } from './grammar-ast.js';

/** The start rule, as in llama.cpp. */
export const ROOT_RULE = 'root';

/**
 * Checks what the parser cannot see rule by rule: the grammar has rules, one of them is `root`, and every
 * reference names a defined rule.
 *
 * @throws PocketLMError `INVALID_OPTIONS` naming the line and column of the problem.
 */
export function checkReferences(ast: GrammarAst): void {
  if (ast.rules.length === 0) {
    throw grammarError('the grammar is empty; it needs at least a start rule "root ::= …"', {
      line: 1,
      column: 1,
    });
  }
  const names = new Set(ast.rules.map((r) => r.name));
  if (!names.has(ROOT_RULE)) {
    throw grammarError(
      `there is no "${ROOT_RULE}" rule (the start rule the whole output must match); rules defined: ` +
        [...names].slice(0, 10).join(', '),
      ast.rules[0].at,
    );
  }
  const visit = (alternatives: Alternatives): void => {
    for (const sequence of alternatives) for (const item of sequence) visitItem(item);
  };
  const visitItem = (item: GrammarItem): void => {
    if (item.type === 'ref' && !names.has(item.name)) {
      throw grammarError(`rule "${item.name}" is not defined`, item.at);
    }
    if (item.type === 'group') visit(item.alternatives);
    if (item.type === 'repeat') visitItem(item.item);
  };
  for (const rule of ast.rules) visit(rule.alternatives);
}
