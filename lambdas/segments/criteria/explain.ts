/**
 * "Why in / why out": the criteria tree with, at every node, whether it holds
 * for one contact. The leaves' truths come from the database (one boolean
 * column per condition, in document order); the groups are folded here with
 * the same logic the compiled WHERE uses.
 */
import { isCondition, type Condition, type Node } from './language.js';

export type Explained =
  | { path: string; holds: boolean; group: 'all' | 'any' | 'not'; children: Explained[] }
  | ({ path: string; holds: boolean } & Condition);

export function explain(criteria: Node, truths: readonly boolean[], path = 'criteria'): Explained {
  let next = 0;
  const walk = (node: Node, at: string): Explained => {
    if (isCondition(node)) return { path: at, holds: truths[next++] === true, ...node };
    if ('not' in node) {
      const inner = walk(node.not, `${at}.not`);
      return { path: at, group: 'not', holds: !inner.holds, children: [inner] };
    }
    const kind = 'all' in node ? 'all' : 'any';
    const items = 'all' in node ? node.all : node.any;
    const children = items.map((n, i) => walk(n, `${at}.${kind}[${i}]`));
    const holds = kind === 'all' ? children.every((c) => c.holds) : children.some((c) => c.holds);
    return { path: at, group: kind, holds, children };
  };
  return walk(criteria, path);
}
