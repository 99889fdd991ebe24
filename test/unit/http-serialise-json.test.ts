/**
 * serialiseJson tries the plain JSON.stringify first and uses the BigInt
 * replacer only when a BigInt is there: the text must be the replacer's.
 */
import { describe, expect, it } from 'vitest';
import { serialiseJson } from '../../lambdas/platform/http/etag.js';

const withReplacer = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('serialiseJson', () => {
  it('writes what the BigInt replacer writes, with and without BigInts', () => {
    const plain = { data: [{ id: 'a', n: 1.5, tags: ['x'], at: new Date(0), none: null, skip: undefined }], next_cursor: null };
    const big = { data: [{ id: 'b', count: 9007199254740993n, nested: [{ v: -1n }] }] };
    expect(serialiseJson(plain)).toBe(withReplacer(plain));
    expect(serialiseJson(big)).toBe(withReplacer(big));
    expect(serialiseJson(big)).toContain('"count":"9007199254740993"');
  });

  it('still refuses a circular body', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => serialiseJson(circular)).toThrow(TypeError);
  });
});
