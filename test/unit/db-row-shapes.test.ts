/**
 * Rows are built by compiled object literals (decode.ts). They must be the
 * objects the old assigning code made: the same own keys in the same order,
 * nothing on the prototype, whatever the column names hold.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnMetadata, Field } from '@aws-sdk/client-rds-data';
import { decodeField, decodeRecords, rowFactory, rowPicker } from '../../lambdas/platform/db/decode.js';

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

describe('decodeRecords (one compiled decoder per column list)', () => {
  const meta = (label: string, typeName: string): ColumnMetadata => ({ label, typeName });

  it('decodes every kind of field in every column, as decodeField does one by one', () => {
    const metadata = [meta('id', 'uuid'), meta('n', 'int4'), meta('big', 'int8'), meta('ok', 'bool'), meta('at', 'timestamptz'), meta('doc', 'jsonb'), meta('tags', '_text'), meta('x', 'float8'), meta('ints', '_int4'), meta('times', '_timestamptz'), meta('grid', '_text'), meta('bytes', 'bytea')];
    const records: Field[][] = [
      [{ stringValue: 'a' }, { longValue: 3 }, { stringValue: '9007199254740993' }, { booleanValue: false }, { stringValue: '2025-01-02 03:04:05.5' }, { stringValue: '{"k":[1]}' }, { arrayValue: { stringValues: ['x', 'y'] } }, { doubleValue: 1.5 },
       { arrayValue: { longValues: [1, 2] } }, { arrayValue: { stringValues: ['2025-01-02 03:04:05', null] } }, { arrayValue: { arrayValues: [{ stringValues: ['a', null] }, { stringValues: ['b'] }] } }, { blobValue: new Uint8Array([1, 2]) }],
      [{ isNull: true }, { isNull: true }, { stringValue: '12' }, { isNull: true }, { stringValue: 'infinity' }, { isNull: true }, { isNull: true }, { longValue: 2 },
       { isNull: true }, { arrayValue: { stringValues: [] } }, { arrayValue: { stringValues: ['only'] } }, { isNull: true }],
    ];
    const rows = decodeRecords(records, metadata);
    expect(rows).toEqual(records.map((record) => Object.fromEntries(record.map((field, i) => [metadata[i]!.label, decodeField(field, metadata[i]!)]))));
    expect(rows[0]).toEqual({
      id: 'a', n: 3, big: '9007199254740993', ok: false, at: '2025-01-02T03:04:05.500Z', doc: { k: [1] }, tags: ['x', 'y'], x: 1.5,
      ints: [1, 2], times: ['2025-01-02T03:04:05.000Z', null], grid: [['a', null], ['b']], bytes: new Uint8Array([1, 2]),
    });
    // A decoded array is the row's own, not the response's.
    expect(rows[0]!.tags).not.toBe(records[0]![6]!.arrayValue!.stringValues);
    expect(rows[1]!.big).toBe(12);
  });

  it('treats column names as data; a __proto__ column takes the assigning path, as it always did', () => {
    const name = '"}; globalThis.pwnedDecode = true; ({"x';
    const [plain] = decodeRecords([[{ stringValue: 'v' }]], [meta(name, 'text')]);
    expect(plain).toEqual({ [name]: 'v' });
    const [row] = decodeRecords([[{ stringValue: 'v' }, { stringValue: '{"polluted":true}' }]], [meta('id', 'text'), meta('__proto__', 'jsonb')]);
    const assigned: Record<string, unknown> = {};
    assigned.id = 'v';
    assigned['__proto__'] = { polluted: true };
    expect(Object.keys(row!)).toEqual(Object.keys(assigned));
    expect(Object.getPrototypeOf(row)).toEqual(Object.getPrototypeOf(assigned));
    expect((globalThis as Record<string, unknown>).pwnedDecode).toBeUndefined();
  });

  it('refuses a record of the wrong width and a field of no known kind, naming the column', () => {
    expect(() => decodeRecords([[{ stringValue: 'a' }]], [meta('a', 'text'), meta('b', 'text')])).toThrow(/record 0 has 1 fields, expected 2/);
    expect(() => decodeRecords([[{} as Field]], [meta('a', 'text')])).toThrow(/column "a" has a value of no known kind/);
  });

  it('writes timestamps as ISO text with at least milliseconds, whatever their form', () => {
    const cases: Array<[string, string]> = [
      ['2025-01-02 03:04:05', '2025-01-02T03:04:05.000Z'],
      ['2025-01-02 03:04:05.1', '2025-01-02T03:04:05.100Z'],
      ['2025-01-02 03:04:05.12', '2025-01-02T03:04:05.120Z'],
      ['2025-01-02 03:04:05.123', '2025-01-02T03:04:05.123Z'],
      ['2025-01-02 03:04:05.1234', '2025-01-02T03:04:05.1234Z'],
      ['2025-01-02 03:04:05.123456', '2025-01-02T03:04:05.123456Z'],
      ['12025-01-02 03:04:05.5', '12025-01-02T03:04:05.500Z'],
      ['infinity', 'infinity'],
      ['2025-01-02 03:04:05 BC', '2025-01-02 03:04:05 BC'],
      ['2025-01-02 03:04:05.', '2025-01-02 03:04:05.'],
      ['2025-01-02 03:04:05.1234567', '2025-01-02 03:04:05.1234567'],
      ['2025-01-0x 03:04:05', '2025-01-0x 03:04:05'],
    ];
    const rows = decodeRecords(cases.map(([text]) => [{ stringValue: text }, { stringValue: text }]), [meta('tz', 'timestamptz'), meta('plain', 'timestamp')]);
    expect(rows.map((r) => r.tz)).toEqual(cases.map(([, iso]) => iso));
    expect(rows.map((r) => r.plain)).toEqual(cases.map(([text, iso]) => (iso === text ? text : iso.slice(0, -1))));
  });
});
