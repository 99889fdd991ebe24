/**
 * Rows are built by compiled object literals (decode.ts). They must be the
 * objects the old assigning code made: the same own keys in the same order,
 * nothing on the prototype, whatever the column names hold.
 */
import { describe, expect, it } from 'vitest';
import { rowFactory, rowPicker } from '../../lambdas/platform/db/decode.js';

describe('rowFactory and rowPicker', () => {
  it('make rows with the given keys in the given order', () => {
    const row = rowFactory(['b', 'a', 'weird "name"\\', 'line\nbreak'])([1, 'two', null, [3]]);
    expect(Object.keys(row)).toEqual(['b', 'a', 'weird "name"\\', 'line\nbreak']);
    expect(JSON.stringify(row)).toBe('{"b":1,"a":"two","weird \\"name\\"\\\\":null,"line\\nbreak":[3]}');
    const picked = rowPicker(['a', 'line\nbreak'])(row);
    expect(JSON.stringify(picked)).toBe('{"a":"two","line\\nbreak":[3]}');
  });

  it('treat a name as data, never as code', () => {
    const name = '"}; globalThis.pwned = true; ({"x';
    const row = rowFactory([name])(['v']);
    expect(row[name]).toBe('v');
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('keep a __proto__ column on the assigning path, as the decoder always did', () => {
    const assigned: Record<string, unknown> = {};
    assigned.id = 1;
    assigned['__proto__'] = { polluted: true };
    const row = rowFactory(['id', '__proto__'])([1, { polluted: true }]);
    expect(Object.keys(row)).toEqual(Object.keys(assigned));
    expect(Object.getPrototypeOf(row)).toEqual(Object.getPrototypeOf(assigned));
    expect(Object.keys(rowPicker(['id', '__proto__'])(row))).toEqual(['id']);
  });

  it('reuse one compiled function per column list', () => {
    expect(rowFactory(['x', 'y'])).toBe(rowFactory(['x', 'y']));
    expect(rowPicker(['x', 'y'])).not.toBe(rowFactory(['x', 'y']));
  });
});
