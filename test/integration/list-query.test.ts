/**
 * buildListQuery against real PostgreSQL: a table of its own (so these tests
 * depend on no domain schema), ~120 rows with many duplicate sort values,
 * every operator compared with a JavaScript filter of the same rows, and whole
 * paging runs compared with a JavaScript sort of the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../lambdas/platform/db/executor.js';
import type { ColumnDeclarations } from '../../lambdas/platform/lists/filters.js';
import { buildListQuery, toPage, type ListSpec, type QueryInput } from '../../lambdas/platform/lists/list-query.js';
import { QueryValidationError, encodeCursor } from '../../lambdas/platform/lists/pagination.js';
import { pgExecutor } from '../../local/pg-executor.js';
import { startTestDataApi } from '../support/data-api.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

interface Item {
  id: string;
  title: string;
  status: string;
  owner_id: string | null;
  rank: number | null;
  score: string;
  big: bigint;
  published: boolean | null;
  due_on: string | null;
  created_at: bigint; // microseconds since the epoch, exact
  tags: string[];
}

const ROWS = 121;
const OWNERS = ['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b', '0190a000-0000-7000-8000-00000000000c'];
const STATUSES = ['draft', 'review', 'published', 'on,hold'];
const TITLES = ['villa rosa', 'Villa Bella', '50% off', 'a_b', 'beach house', "o'hara", 'zeta', 'alpha'];
const TAGS = ['summer', 'winter', 'beach, sea', 'say "hi"', 'NULL'];
const BASE_MICROS = 1_735_689_600_000_000n; // 2025-01-01T00:00:00Z

// mulberry32: small, deterministic, and good in its low bits (unlike a plain LCG).
let seed = 42;
function random(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}

function uuid(): string {
  const hex = Array.from({ length: 32 }, () => random(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isoMicros(micros: bigint): string {
  const iso = new Date(Number(micros / 1000n)).toISOString(); // ...HH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${(micros % 1000n).toString().padStart(3, '0')}Z`;
}

function makeItems(): Item[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    id: uuid(),
    title: TITLES[i % TITLES.length] ?? '',
    status: STATUSES[random(STATUSES.length)] ?? '',
    owner_id: i % 5 === 0 ? null : (OWNERS[random(OWNERS.length)] ?? null),
    rank: i % 9 === 0 ? null : random(10),
    score: `${random(1000) / 10}`,
    big: 9_007_199_254_740_993n + BigInt(random(50)),
    published: i % 7 === 0 ? null : random(2) === 0,
    due_on: i % 6 === 0 ? null : `2025-03-${String(1 + random(12)).padStart(2, '0')}`,
    // 40 distinct instants (so about three rows share each), apart by 1.001 ms: microseconds matter.
    created_at: BASE_MICROS + BigInt((i % 40) * 1001 + 123),
    tags: TAGS.filter(() => random(3) === 0),
  }));
}

const columns: ColumnDeclarations = {
  id: { type: 'uuid', nullable: false, orderable: true },
  title: { type: 'text', orderable: true, nullable: false },
  status: { type: 'text', operators: ['eq', 'neq', 'in'], nullable: false },
  owner_id: { type: 'uuid' },
  rank: { type: 'integer', orderable: true },
  score: { type: 'numeric' },
  big: { type: 'bigint' },
  published: { type: 'boolean' },
  due_on: { type: 'date', orderable: true },
  created_at: { type: 'timestamptz', orderable: true, nullable: false },
  tags: { type: 'text[]' },
};

const spec: ListSpec = {
  table: 'public.lq_items',
  select: 'id, title, status, rank',
  columns,
  defaultOrder: 'created_at.desc',
};

let db: TestDatabase;
let sql: SqlExecutor;
const items = makeItems();

beforeAll(async () => {
  db = await createTestDatabase();
  sql = pgExecutor(db.pool);
  // COLLATE "C" so text order in SQL equals JavaScript's code-unit order.
  await sql.query(`CREATE TABLE public.lq_items (
    id uuid PRIMARY KEY, title text COLLATE "C" NOT NULL, status text NOT NULL, owner_id uuid, rank integer,
    score numeric NOT NULL, big bigint NOT NULL, published boolean, due_on date, created_at timestamptz NOT NULL,
    tags text[] NOT NULL)`);
  await sql.query(
    `INSERT INTO public.lq_items
     SELECT id, title, status, owner_id, rank, score, big, published, due_on, created_at, tags
     FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, title text, status text, owner_id uuid, rank integer,
       score numeric, big bigint, published boolean, due_on date, created_at timestamptz, tags text[])`,
    {
      rows: JSON.stringify(
        items.map((it) => ({ ...it, big: it.big.toString(), created_at: isoMicros(it.created_at) })),
      ),
    },
  );
});

afterAll(async () => {
  await db.drop();
});

async function list(
  input: QueryInput,
  over: Partial<ListSpec> = {},
  executor: SqlExecutor = sql,
): Promise<{ ids: string[]; next: string | null; sqlText: string }> {
  const query = buildListQuery({ ...spec, ...over }, input);
  const { rows } = await executor.query<{ id: string }>(query.sql, query.params);
  const page = toPage(rows, query);
  return { ids: page.data.map((r) => r.id), next: page.next_cursor, sqlText: query.sql };
}

async function listAll(
  params: Record<string, string>,
  limit: number,
  executor: SqlExecutor = sql,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await list({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) }, {}, executor);
    expect(page.ids.length).toBeLessThanOrEqual(limit);
    ids.push(...page.ids);
    cursor = page.next;
    pages += 1;
    expect(pages).toBeLessThan(200);
  } while (cursor);
  return { ids, pages };
}

type Key = keyof Item;
function compareBy(order: Array<[Key, 'asc' | 'desc']>): (a: Item, b: Item) => number {
  return (a, b) => {
    for (const [key, direction] of order) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      // ASC NULLS LAST, DESC NULLS FIRST: NULL counts as the largest value.
      const cmp = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return direction === 'asc' ? cmp : -cmp;
    }
    return 0;
  };
}

function expectRejected(work: () => unknown, path: string): void {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryValidationError);
    expect((error as QueryValidationError).errors.map((e) => e.path)).toContain(path);
    return;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe('keyset paging over real rows', () => {
  const orders: Array<[string | undefined, Array<[Key, 'asc' | 'desc']>]> = [
    [undefined, [['created_at', 'desc'], ['id', 'desc']]],
    ['created_at.asc', [['created_at', 'asc'], ['id', 'asc']]],
    ['rank.asc', [['rank', 'asc'], ['id', 'asc']]],
    ['rank.desc', [['rank', 'desc'], ['id', 'desc']]],
    ['due_on.asc', [['due_on', 'asc'], ['id', 'asc']]],
    ['due_on.desc', [['due_on', 'desc'], ['id', 'desc']]],
    ['rank.asc,id.desc', [['rank', 'asc'], ['id', 'desc']]],
    ['due_on.desc,title.asc', [['due_on', 'desc'], ['title', 'asc'], ['id', 'asc']]],
    ['title.desc,rank.asc', [['title', 'desc'], ['rank', 'asc'], ['id', 'asc']]],
    ['id.desc', [['id', 'desc']]],
  ];

  it.each(orders)('order=%s visits every row once, in order, across pages', async (order, jsOrder) => {
    const expected = [...items].sort(compareBy(jsOrder)).map((it) => it.id);
    for (const limit of [7, 50]) {
      const { ids, pages } = await listAll(order ? { order } : {}, limit);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(ROWS / limit));
    }
  });

  it('pages a filtered set without gaps (filters and cursor together)', async () => {
    const expected = items
      .filter((it) => it.status === 'draft' || it.status === 'on,hold')
      .sort(compareBy([['rank', 'desc'], ['id', 'desc']]))
      .map((it) => it.id);
    expect(expected.length).toBeGreaterThan(10);
    const { ids } = await listAll({ status: 'in.(draft,"on,hold")', order: 'rank.desc' }, 4);
    expect(ids).toEqual(expected);
  });

  it('returns no cursor when the last page is exactly full', async () => {
    const page = await list({ limit: '200' });
    expect(page.ids).toHaveLength(ROWS);
    expect(page.next).toBeNull();
    const exact = await list({ limit: '11', owner_id: `eq.${OWNERS[0]}`, rank: 'is.null' });
    const count = items.filter((it) => it.owner_id === OWNERS[0] && it.rank === null).length;
    expect(exact.ids).toHaveLength(Math.min(11, count));
  });

  it('uses the default limit of 50 and keeps sort-key helper columns out of the data', async () => {
    const query = buildListQuery(spec, '');
    const { rows } = await sql.query(query.sql, query.params);
    const page = toPage(rows, query);
    expect(page.data).toHaveLength(50);
    expect(Object.keys(page.data[0] ?? {}).sort()).toEqual(['id', 'rank', 'status', 'title']);
  });

  it('refuses a cursor from another order, and a forged cursor, with 422 on query.cursor', async () => {
    const first = await list({ limit: '5', order: 'rank.asc' });
    expect(first.next).not.toBeNull();
    expectRejected(() => buildListQuery(spec, { order: 'rank.desc', cursor: first.next ?? '' }), 'query.cursor');
    // Correctly signed but carrying a value that is not an integer: refused before it reaches SQL.
    const forged = encodeCursor({ v: 1, o: 'rank.asc,id.asc', k: ["1) OR (1=1"], id: OWNERS[0] ?? '' });
    expectRejected(() => buildListQuery(spec, { order: 'rank.asc', cursor: forged }), 'query.cursor');
    const nullId = encodeCursor({ v: 1, o: 'created_at.desc,id.desc', k: [null], id: OWNERS[0] ?? '' });
    expectRejected(() => buildListQuery(spec, { cursor: nullId }), 'query.cursor');
  });

  it('says a cursor of another list (another table, same order) belongs to another list', async () => {
    const first = await list({ limit: '5', order: 'rank.asc' });
    const other = { ...spec, table: 'other_items' };
    try {
      buildListQuery(other, { order: 'rank.asc', cursor: first.next ?? '' });
      throw new Error('expected the cursor to be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(QueryValidationError);
      expect((error as QueryValidationError).errors).toEqual([{ path: 'query.cursor', message: expect.stringContaining('belongs to another list') }]);
    }
  });
});

describe('filters against real SQL', () => {
  const micros = (it: Item): bigint => it.created_at;
  const firstInstant = BASE_MICROS + 123n;
  const cases: Array<[string, string, (it: Item) => boolean]> = [
    ['status', 'eq.review', (it) => it.status === 'review'],
    ['status', 'neq.review', (it) => it.status !== 'review'],
    ['status', 'in.(draft,"on,hold")', (it) => it.status === 'draft' || it.status === 'on,hold'],
    ['status', 'not.in.(draft,review)', (it) => it.status !== 'draft' && it.status !== 'review'],
    ['status', 'in.()', () => false],
    ['title', 'like.villa*', (it) => it.title.startsWith('villa')],
    ['title', 'ilike.*VILLA*', (it) => it.title.toLowerCase().includes('villa')],
    ['title', 'like.50%*', (it) => it.title.startsWith('50%')],
    ['title', 'like.a_b', (it) => it.title === 'a_b'],
    ['title', "eq.o'hara", (it) => it.title === "o'hara"],
    ['title', 'gt.beach house', (it) => it.title > 'beach house'],
    ['title', 'lte.a_b', (it) => it.title <= 'a_b'],
    ['title', 'not.ilike.*a*', (it) => !it.title.toLowerCase().includes('a')],
    ['owner_id', `eq.${OWNERS[1]}`, (it) => it.owner_id === OWNERS[1]],
    ['owner_id', `eq.${OWNERS[1]?.toUpperCase()}`, (it) => it.owner_id === OWNERS[1]],
    ['owner_id', `in.(${OWNERS[0]},${OWNERS[2]})`, (it) => it.owner_id === OWNERS[0] || it.owner_id === OWNERS[2]],
    ['owner_id', `neq.${OWNERS[0]}`, (it) => it.owner_id !== null && it.owner_id !== OWNERS[0]],
    ['owner_id', 'is.null', (it) => it.owner_id === null],
    ['owner_id', 'not.is.null', (it) => it.owner_id !== null],
    ['rank', 'eq.3', (it) => it.rank === 3],
    ['rank', 'not.eq.3', (it) => it.rank !== null && it.rank !== 3],
    ['rank', 'gt.6', (it) => it.rank !== null && it.rank > 6],
    ['rank', 'gte.6', (it) => it.rank !== null && it.rank >= 6],
    ['rank', 'lt.2', (it) => it.rank !== null && it.rank < 2],
    ['rank', 'lte.2', (it) => it.rank !== null && it.rank <= 2],
    ['rank', 'in.(1, 4,9)', (it) => it.rank === 1 || it.rank === 4 || it.rank === 9],
    ['rank', 'is.null', (it) => it.rank === null],
    ['score', 'gte.50.5', (it) => Number(it.score) >= 50.5],
    ['score', 'lt.1e1', (it) => Number(it.score) < 10],
    ['big', 'gt.9007199254741010', (it) => it.big > 9_007_199_254_741_010n],
    ['big', 'eq.9007199254740993', (it) => it.big === 9_007_199_254_740_993n],
    ['published', 'is.true', (it) => it.published === true],
    ['published', 'is.false', (it) => it.published === false],
    ['published', 'not.is.true', (it) => it.published !== true],
    ['published', 'eq.false', (it) => it.published === false],
    ['published', 'is.null', (it) => it.published === null],
    ['due_on', 'gte.2025-03-06', (it) => it.due_on !== null && it.due_on >= '2025-03-06'],
    ['due_on', 'lt.2025-03-03', (it) => it.due_on !== null && it.due_on < '2025-03-03'],
    ['due_on', 'in.(2025-03-01,2025-03-12)', (it) => it.due_on === '2025-03-01' || it.due_on === '2025-03-12'],
    ['created_at', 'gte.2025-01-01', () => true],
    ['created_at', 'lt.2025-01-01', () => false],
    ['created_at', `eq.${isoMicros(firstInstant)}`, (it) => micros(it) === firstInstant],
    ['created_at', `gt.${isoMicros(firstInstant)}`, (it) => micros(it) > firstInstant],
    // 01:00:00.020123+01:00 is 00:00:00.020123Z: the offset is honoured.
    ['created_at', 'lte.2025-01-01T01:00:00.020123+01:00', (it) => micros(it) <= BASE_MICROS + 20_123n],
    ['created_at', 'lt.2025-01-01 00:00:00.020123', (it) => micros(it) < BASE_MICROS + 20_123n],
    ['tags', 'cs.{summer}', (it) => it.tags.includes('summer')],
    ['tags', 'cs.{summer,"beach, sea"}', (it) => it.tags.includes('summer') && it.tags.includes('beach, sea')],
    ['tags', 'cd.{summer,winter}', (it) => it.tags.every((t) => t === 'summer' || t === 'winter')],
    ['tags', 'ov.{"say \\"hi\\"",NULL}', (it) => it.tags.includes('say "hi"') || it.tags.includes('NULL')],
    ['tags', 'not.ov.{winter}', (it) => !it.tags.includes('winter')],
    ['tags', 'cs.{}', () => true],
  ];

  it.each(cases)('%s=%s matches the same rows as JavaScript', async (column, value, predicate) => {
    const expected = items.filter(predicate).map((it) => it.id).sort();
    const { ids } = await list({ [column]: value, limit: '200' });
    expect([...ids].sort()).toEqual(expected);
  });

  it('ANDs several filters, including two on one column (raw query string form)', async () => {
    const raw = 'rank=gte.2&rank=lt.8&tags=ov.{summer,winter}&published=is.true&status=neq.published&limit=200';
    const expected = items
      .filter((it) => it.rank !== null && it.rank >= 2 && it.rank < 8)
      .filter((it) => it.tags.includes('summer') || it.tags.includes('winter'))
      .filter((it) => it.published === true && it.status !== 'published')
      .map((it) => it.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const { ids } = await list(raw);
    expect([...ids].sort()).toEqual(expected);
  });

  it('applies a fixed condition with its own parameters and lets pass-through parameters alone', async () => {
    const { ids } = await list(
      { q: 'anything', limit: '200', rank: 'is.null' },
      { where: { sql: 'owner_id = CAST(:owner AS uuid)', params: { owner: OWNERS[2] ?? '' } }, passThrough: ['q'] },
    );
    const expected = items.filter((it) => it.owner_id === OWNERS[2] && it.rank === null).map((it) => it.id);
    expect([...ids].sort()).toEqual(expected.sort());
  });
});

describe('hostile input', () => {
  it.each([
    ['title', "eq.'; DROP TABLE public.lq_items; --"],
    ['title', 'in.("x) OR 1=1 --",y)'],
    ['title', 'like.*\'; SELECT pg_sleep(5); --'],
    ['status', 'eq.draft\' OR \'1\'=\'1'],
    ['tags', 'cs.{"}\'::text[]) OR TRUE --"}'],
  ])('%s=%s is only a value: matches nothing, the table survives', async (column, value) => {
    const { ids } = await list({ [column]: value, limit: '200' });
    expect(ids).toEqual([]);
    const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM public.lq_items');
    expect(Number(rows[0]?.n)).toBe(ROWS);
  });

  it.each([
    [{ 'title;DROP TABLE x': 'eq.1' }, 'query.title;DROP TABLE x'],
    [{ 'rank"': 'eq.1' }, 'query.rank"'],
    [{ __proto__x: 'eq.1' }, 'query.__proto__x'],
    [{ owner_id: "eq.' OR 1=1 --" }, 'query.owner_id'],
    [{ rank: 'eq.1; DELETE FROM lq_items' }, 'query.rank'],
    [{ created_at: "gte.2025-01-01'); DROP TABLE x; --" }, 'query.created_at'],
    [{ order: 'rank; DROP TABLE x' }, 'query.order'],
    [{ order: 'score.asc' }, 'query.order'],
    [{ title: 'eq.a\u0000b' }, 'query.title'],
    [{ limit: '1; DROP TABLE x' }, 'query.limit'],
  ] as Array<[Record<string, string>, string]>)('%j is refused with 422 at %s', (input, path) => {
    expectRejected(() => buildListQuery(spec, input), path);
  });

  it('reports every invalid parameter in one error', () => {
    try {
      buildListQuery(spec, { limit: '0', order: 'nope', rank: 'eq.x', cursor: 'bad', colour: 'eq.red' });
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(QueryValidationError);
      expect((error as QueryValidationError).errors.map((e) => e.path).sort()).toEqual([
        'query.colour',
        'query.limit',
        'query.order',
        'query.rank',
      ]);
    }
  });

  it('produces one statement whose text holds no request value', () => {
    const query = buildListQuery(spec, { title: "eq.x'y", tags: 'cs.{evil}', order: 'rank.desc', limit: '3' });
    expect(query.sql).not.toContain("x'y");
    expect(query.sql).not.toContain('evil');
    expect(query.sql).not.toContain(';');
    // A nullable column with the id: NULLS FIRST descending, as three NOT NULL keys (list-query.ts, nullKeySql).
    expect(query.sql).toMatch(/ORDER BY \("rank" IS NULL\) DESC, COALESCE\("rank", CAST\(0 AS integer\)\) DESC, "id" DESC\nLIMIT :list_limit$/);
    expect(query.params.list_limit).toBe(4);
  });
});

describe('through the RDS Data API wire (what Lambda runs)', () => {
  it('pages and filters with the same results: no array parameters, values cast in SQL', async () => {
    const api = await startTestDataApi(db);
    try {
      for (const [params, jsOrder, predicate] of [
        [{}, [['created_at', 'desc'], ['id', 'desc']], () => true],
        [
          { order: 'due_on.desc,title.asc', status: 'in.(draft,"on,hold")', tags: 'ov.{summer,"beach, sea"}' },
          [['due_on', 'desc'], ['title', 'asc'], ['id', 'asc']],
          (it: Item) => ['draft', 'on,hold'].includes(it.status) && (it.tags.includes('summer') || it.tags.includes('beach, sea')),
        ],
        [
          { order: 'rank.asc', owner_id: `in.(${OWNERS[0]},${OWNERS[1]})`, created_at: 'gte.2025-01-01T00:00:00.010133Z' },
          [['rank', 'asc'], ['id', 'asc']],
          (it: Item) => (it.owner_id === OWNERS[0] || it.owner_id === OWNERS[1]) && it.created_at >= BASE_MICROS + 10_133n,
        ],
      ] as Array<[Record<string, string>, Array<[Key, 'asc' | 'desc']>, (it: Item) => boolean]>) {
        const expected = items.filter(predicate).sort(compareBy(jsOrder)).map((it) => it.id);
        expect(expected.length).toBeGreaterThan(3);
        const { ids } = await listAll(params, 6, api.executor);
        expect(ids).toEqual(expected);
      }
    } finally {
      await api.stop();
    }
  });
});
