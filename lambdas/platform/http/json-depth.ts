/**
 * How deeply a parsed JSON value nests, measured without recursion. Every
 * later walk of the body (NUL checks, zod, byte caps, JSON.stringify) may
 * recurse, so a body nested thousands of levels deep would overflow the stack
 * and end as a 500; refusing it at the edge keeps every walk bounded.
 */

/** Far deeper than any body of this API (the deepest schema nests about 5 levels), far shallower than a stack. */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests at most `limit` arrays/objects deep (a scalar is depth 0). */
export function withinDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return false;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return true;
}
