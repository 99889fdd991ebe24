import { describe, expect, it } from 'vitest';
import { decodeRecords } from '../../lambdas/platform/db/decode.js';
import { toSqlParameters } from '../../lambdas/platform/db/params.js';
import { sqlValue } from '../../lambdas/platform/db/values.js';

describe('sqlValue', () => {
  it('writes text array literals with quotes, backslashes, commas, NULLs and the empty array', () => {
    expect(sqlValue.textArray([])).toBe('{}');
    expect(sqlValue.textArray(['a,b', 'say "hi"', 'back\\slash', null, 'ünï'])).toBe(
      '{"a,b","say \\"hi\\"","back\\\\slash",NULL,"ünï"}',
    );
  });

  it('formats TIMESTAMP hints without T or Z, in UTC', () => {
    expect(sqlValue.timestamp(new Date('2025-03-04T05:06:07.089+02:00'))).toEqual({
      kind: 'typed',
      hint: 'TIMESTAMP',
      value: '2025-03-04 03:06:07.089',
    });
  });

  it('refuses malformed typed values before they reach the database', () => {
    expect(() => sqlValue.uuid('not-a-uuid')).toThrow(/UUID/);
    expect(() => sqlValue.decimal('1,5')).toThrow(/decimal/);
    expect(() => sqlValue.date('2025-3-4')).toThrow(/date/);
    expect(() => sqlValue.time('25h')).toThrow(/time/);
  });
});

describe('parameter encoding', () => {
  it('types parameters from their JS values and never sends arrayValue', () => {
    const params = toSqlParameters({
      s: 'x',
      i: 42,
      d: 1.5,
      b: false,
      n: null,
      big: 2n ** 60n,
      small: 7n,
      at: new Date('2025-01-02T03:04:05.006Z'),
      id: sqlValue.uuid('0190E0C8-0000-7000-8000-000000000000'),
    });
    expect(params).toEqual([
      { name: 's', value: { stringValue: 'x' } },
      { name: 'i', value: { longValue: 42 } },
      { name: 'd', value: { doubleValue: 1.5 } },
      { name: 'b', value: { booleanValue: false } },
      { name: 'n', value: { isNull: true } },
      { name: 'big', value: { stringValue: '1152921504606846976' }, typeHint: 'DECIMAL' },
      { name: 'small', value: { longValue: 7 } },
      { name: 'at', value: { stringValue: '2025-01-02 03:04:05.006' }, typeHint: 'TIMESTAMP' },
      { name: 'id', value: { stringValue: '0190e0c8-0000-7000-8000-000000000000' }, typeHint: 'UUID' },
    ]);
    expect(() => toSqlParameters({ tags: ['a'] as never })).toThrow(/textArray/);
    expect(() => toSqlParameters({ x: Number.NaN })).toThrow(/finite/);
  });
});

describe('decoding records', () => {
  it('keeps int8 beyond 2^53 as a string and converts safe ones to numbers', () => {
    const rows = decodeRecords(
      [[{ stringValue: '9007199254740993' }, { stringValue: '42' }, { stringValue: '2025-01-02 03:04:05' }]],
      [
        { name: 'a', typeName: 'int8' },
        { name: 'b', typeName: 'int8' },
        { name: 'c', typeName: 'timestamptz' },
      ],
    );
    expect(rows).toEqual([{ a: '9007199254740993', b: 42, c: '2025-01-02T03:04:05.000Z' }]);
  });
});
