import type { RegexNode } from './regex-ast.js';
import { setTemplateSize } from './set-template.js';

/**
 * The exact number of states `buildByteNfa` makes for `node` (Match excluded), computed without building
 * anything: repeats multiply, so the product can be checked against the limit up front.
 */
export function nfaSize(node: RegexNode): number {
  switch (node.kind) {
    case 'empty':
      return 0;
    case 'set':
      return setTemplateSize(node.set);
    case 'assert':
      return 1;
    case 'concat':
      return node.items.reduce((sum, item) => sum + nfaSize(item), 0);
    case 'alt':
      return 1 + node.items.reduce((sum, item) => sum + nfaSize(item), 0);
    case 'repeat': {
      const item = nfaSize(node.item);
      // x{m,}: a loop state plus max(m, 1) copies; x{m,n}: m copies plus n-m optional ones with a split each.
      if (node.max === Number.POSITIVE_INFINITY) return 1 + item * Math.max(node.min, 1);
      return node.min * item + (node.max - node.min) * (item + 1);
    }
  }
}
