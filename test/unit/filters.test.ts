import { describe, expect, it } from 'vitest';
import {
  ParamNames,
  arrayLiteral,
  assertColumnDeclarations,
  coerceValue,
  parseFilters,
  parseList,
  parseOrder,
  type ColumnDeclarations,
} from '../../lambdas/platform/lists/filters.js';
import { QueryValidationError } from '../../lambdas/platform/lists/pagination.js';

const columns: ColumnDeclarations = {
  id: { type: 'uuid', nullable: false },
  status: { type: 'text', operators: ['eq', 'neq', 'in'], orderable: true, nullable: false },
  title: { type: 'text', orderable: true },
  template_id: { type: 'uuid' },
  rank: { type: 'integer', orderable: true },
  published: { type: 'boolean' },
  created_at: { type: 'timestamptz', orderable: true, nullable: false },
  tags: { type: 'text[]' },
  secret: { type: 'text', operators: [] },
};

function errorsOf(work: () => unknown): Array<{ path: string; message: string }> {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryValidationError);
    return [...(error as QueryValidationError).errors];
  }
  throw new Error('expected a QueryValidationError');
}

describe('parseFilters', () => {
  it('builds Data API-safe SQL: no array parameters, every value cast, columns from the declaration', () => {
    const { conditions, params } = parseFilters(columns, [
      ['status', 'in.(draft,review)'],
      ['created_at', 'gte.2025-01-01'],
      ['tags', 'cs.{summer}'],
      ['title', 'ilike.*villa*'],
      ['template_id', 'is.null'],
      ['rank', 'not.lt.3'],
    ]);
    expect(conditions).toEqual([
      '"status" = ANY(CAST(:f1 AS text[]))',
      '"created_at" >= CAST(:f2 AS timestamptz)',
      '"tags" @> CAST(:f3 AS text[])',
      '"title" ILIKE CAST(:f4 AS text)',
      '"template_id" IS NULL',
      'NOT ("rank" < CAST(:f5 AS integer))',
    ]);
    expect(params).toEqual({ f1: '{"draft","review"}', f2: '2025-01-01T00:00:00Z', f3: '{"summer"}', f4: '%villa%', f5: '3' });
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
  });

  it('uses the parameter prefix it is given', () => {
    expect(parseFilters(columns, [['rank', 'eq.1']], new ParamNames('w')).params).toEqual({ w1: '1' });
  });

  it('escapes LIKE metacharacters so only * is a wildcard', () => {
    expect(parseFilters(columns, [['title', 'like.50%_off\\*']]).params.f1).toBe('50\\%\\_off\\\\%');
  });

  it('reports every bad parameter at once, naming each', () => {
    const errors = errorsOf(() =>
      parseFilters(columns, [
        ['template_id', 'eq.not-a-uuid'],
        ['created_at', 'lt.2025-02-30'],
        ['rank', 'gt.ten'],
        ['nope', 'eq.1'],
        ['status', 'like.x*'],
        ['secret', 'eq.x'],
        ['published', 'eq.yes'],
        ['title', 'eq'],
        ['tags', 'cs.summer'],
      ]),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'query.template_id',
      'query.created_at',
      'query.rank',
      'query.nope',
      'query.status',
      'query.secret',
      'query.published',
      'query.title',
      'query.tags',
    ]);
    expect(errors[0]?.message).toContain('not a UUID');
    expect(errors[3]?.message).toContain('unknown filter');
    expect(errors[4]?.message).toContain('not allowed');
  });

  it('rejects column names that are not declared, whatever they contain', () => {
    const errors = errorsOf(() => parseFilters(columns, [['status"; DROP TABLE x; --', 'eq.1'], ['__proto__', 'eq.1'], ['constructor', 'eq.1']]));
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => e.message.startsWith('unknown filter'))).toBe(true);
  });

  it('keeps quoted commas inside one in. item and quotes every array element', () => {
    const { params } = parseFilters(columns, [['title', 'in.("a,b",c, "say \\"hi\\"",NULL)']]);
    expect(params.f1).toBe('{"a,b","c","say \\"hi\\"","NULL"}');
  });

  it('is.true / is.false only on booleans', () => {
    expect(parseFilters(columns, [['published', 'is.true']]).conditions).toEqual(['"published" IS TRUE']);
    expect(errorsOf(() => parseFilters(columns, [['title', 'is.true']]))[0]?.message).toContain('null');
  });
});

describe('coerceValue', () => {
  it.each([
    ['integer', '2147483647', '2147483647'],
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    ['numeric', '-1.5e3', '-1.5e3'],
    ['uuid', '0190A000-0000-7000-8000-00000000000A', '0190a000-0000-7000-8000-00000000000a'],
    ['date', '2024-02-29', '2024-02-29'],
    ['timestamptz', '2025-01-01T10:00:00.123456+02:00', '2025-01-01T10:00:00.123456+02:00'],
    ['timestamptz', '2025-01-01 10:00', '2025-01-01 10:00Z'],
  ] as const)('%s accepts %s', (type, raw, expected) => {
    expect(coerceValue(type, raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['integer', '2147483648'],
    ['integer', '1.0'],
    ['bigint', '9223372036854775808'],
    ['numeric', 'NaN'],
    ['numeric', 'Infinity'],
    ['date', '2023-02-29'],
    ['date', '2025-1-1'],
    ['timestamptz', '2025-01-01T24:00:00Z'],
    ['timestamptz', 'now'],
    ['uuid', "' OR 1=1 --"],
    ['text', 'a\u0000b'],
    ['boolean', '1'],
  ] as const)('%s rejects %j', (type, raw) => {
    expect(coerceValue(type, raw).ok).toBe(false);
  });
});

describe('lists', () => {
  it('parses and rejects list syntax', () => {
    expect(parseList('')).toEqual([]);
    expect(parseList('a, b ,"c d"')).toEqual(['a', 'b', 'c d']);
    expect(parseList('a,,b')).toBeNull();
    expect(parseList('"open')).toBeNull();
    expect(parseList('"a"b')).toBeNull();
    expect(parseList('a,')).toBeNull();
    expect(arrayLiteral(['x\\y', 'q"'])).toBe('{"x\\\\y","q\\""}');
  });
});

describe('parseOrder', () => {
  it('appends the id as tie breaker in the last direction', () => {
    expect(parseOrder(columns, 'rank.desc,title', 'id').map((k) => `${k.column}.${k.direction}:${k.nullable}`)).toEqual([
      'rank.desc:true',
      'title.asc:true',
      'id.asc:false',
    ]);
    expect(parseOrder(columns, 'id.desc', 'id')).toHaveLength(1);
  });

  it.each(['tags.asc', 'published.asc', 'rank.up', 'rank,rank', '', 'a,b,c,d', 'rank;drop'])('rejects %j', (raw) => {
    expect(errorsOf(() => parseOrder(columns, raw, 'id'))[0]?.path).toBe('query.order');
  });
});

describe('assertColumnDeclarations', () => {
  it('refuses declarations that could not be safe SQL', () => {
    expect(() => assertColumnDeclarations({ 'Bad Name': { type: 'text' } })).toThrow(/identifier/);
    expect(() => assertColumnDeclarations({ n: { type: 'integer', operators: ['ilike'] } })).toThrow(/does not apply/);
    expect(() => assertColumnDeclarations({ t: { type: 'text[]', orderable: true } })).toThrow(/cannot be ordered/);
  });
});
