import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, withinDepth } from '../../lambdas/platform/http/json-depth.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
};

describe('withinDepth', () => {
  it('accepts up to the limit and refuses one level more', () => {
    expect(withinDepth(nested(MAX_JSON_DEPTH))).toBe(true);
    expect(withinDepth(nested(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(withinDepth('scalar')).toBe(true);
    expect(withinDepth({ a: [1, { b: null }] }, 3)).toBe(true);
    expect(withinDepth({ a: [1, { b: [] }] }, 3)).toBe(false);
  });

  it('measures 200,000 levels without recursion', () => {
    expect(withinDepth(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`))).toBe(false);
  });
});
