/**
 * Every column a list lets a client order by has an index on (column, id) —
 * or (scope, column, id) for a list always read within one parent — in the
 * migrated catalog, so the first page and the keyset condition of every later
 * page are index ranges, not a sort or a filter over the rows before the cursor.
 * A nullable column is ordered by the list builder's NOT NULL expressions of
 * it (nullKeySql: its IS NULL flag, then COALESCE to a stand-in), so its
 * index is ((col IS NULL), COALESCE(col, stand-in), id): the expressions are
 * compared as PostgreSQL prints them, for the builder's own SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { nullKeySql } from '../../lambdas/platform/lists/list-query.js';
import type { OrderKey } from '../../lambdas/platform/lists/filters.js';
import { listDeclarations, scheduleDeclaration, type ListDeclaration } from '../support/list-declarations.js';

let db: TestDatabase;
/** `schema.table` -> the keys of its non-partial b-tree indexes, each as PostgreSQL prints it (a column name or an expression). */
const indexColumns = new Map<string, string[][]>();
/** `column:type` of a nullable order column -> nullKeySql's two expressions as PostgreSQL prints them. */
const nullKeys = new Map<string, [string, string]>();

function isNullable(spec: ListDeclaration['columns'][string]): boolean {
  return (spec as { nullable?: boolean }).nullable ?? true;
}

/** The list builder's expressions for a nullable key, printed by PostgreSQL from a throwaway index on the table. */
async function printedNullKey(table: string, column: string, type: string): Promise<[string, string]> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const exprs = nullKeySql({ column, type: type as OrderKey['type'] });
    await client.query(`CREATE INDEX lo_probe ON ${table} (${exprs.map((e) => `(${e})`).join(', ')})`);
    const printed = await client.query<{ k: string }>(
      `SELECT pg_get_indexdef(to_regclass($1)::oid, n, true) AS k FROM generate_series(1, 2) n ORDER BY n`,
      [`${table.split('.')[0]}.lo_probe`],
    );
    return [printed.rows[0]!.k, printed.rows[1]!.k];
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query<{ table: string; columns: string[] }>(`
    SELECT n.nspname || '.' || c.relname AS table,
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, n, true) FROM generate_series(1, i.indnkeyatts) n ORDER BY n) AS columns
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    WHERE am.amname = 'btree' AND i.indpred IS NULL`);
  for (const row of rows) indexColumns.set(row.table, [...(indexColumns.get(row.table) ?? []), row.columns]);
  const schedule = { table: scheduleDeclaration.baseTable, idColumn: scheduleDeclaration.idColumn, columns: scheduleDeclaration.columns };
  for (const list of [...listDeclarations(), schedule]) {
    for (const [col, spec] of Object.entries(list.columns)) {
      if (spec.orderable && col !== list.idColumn && isNullable(spec)) nullKeys.set(`${col}:${spec.type}`, await printedNullKey(list.table, col, spec.type));
    }
  }
});

afterAll(async () => {
  await db.drop();
});

function orderable(list: Pick<ListDeclaration, 'columns'>): string[] {
  return Object.entries(list.columns)
    .filter(([, spec]) => spec.orderable)
    .map(([name]) => name);
}

/**
 * The orderable columns of a list with no index (col, id) or (scope, col, id)
 * — for a nullable column, (flag, coalesced, id) or (scope, flag, coalesced, id) —
 * as `table(keys)`.
 */
function missing(list: ListDeclaration): string[] {
  const indexes = (indexColumns.get(list.table) ?? []).map((columns) => columns.join(' | '));
  return orderable(list)
    .filter((col) => col !== list.idColumn)
    .map((col) => {
      const nullable = isNullable(list.columns[col]!);
      const keys = nullable ? [...(nullKeys.get(`${col}:${list.columns[col]!.type}`) ?? [`${col} IS NULL`, `COALESCE(${col}, ?)`]), list.idColumn] : [col, list.idColumn];
      return { col, keys };
    })
    .filter(({ keys }) => !indexes.includes(keys.join(' | ')) && !(list.scope && indexes.includes([list.scope, ...keys].join(' | '))))
    .map(({ keys }) => `${list.table}(${keys.join(', ')})`);
}

describe('indexes behind list orders', () => {
  it('reads the catalog of the migrated schema', () => {
    expect(indexColumns.get('marketing.content')).toContainEqual(['id']);
  });

  it('a nullable order column needs the expression index, not only (col, id)', () => {
    const flagAndValue = ['(property_id IS NULL)', "COALESCE(property_id, '00000000-0000-0000-0000-000000000000'::uuid)"];
    expect(nullKeys.get('property_id:uuid')).toEqual(flagAndValue);
    expect(indexColumns.get('marketing.content')).toContainEqual([...flagAndValue, 'id']);
    const content = listDeclarations().find((list) => list.table === 'marketing.content')!;
    // With only the (col, id) index the column would be reported.
    indexColumns.set('test.only_col_id', [['property_id', 'id']]);
    expect(missing({ ...content, table: 'test.only_col_id', columns: { property_id: content.columns.property_id! } })).toEqual([
      `test.only_col_id(${[...flagAndValue, 'id'].join(', ')})`,
    ]);
  });

  it.each(listDeclarations().map((list) => [list.name, list] as const))('%s: every orderable column has an index ending in the tie breaker', (_name, list) => {
    expect(indexColumns.has(list.table), `table ${list.table}`).toBe(true);
    expect(missing(list)).toEqual([]);
  });

  it("the schedule view's orders, scheduled_time too, each have an index of calendar items (the view is inlined)", () => {
    const items = listDeclarations().find((list) => list.table === scheduleDeclaration.baseTable);
    expect(items).toBeDefined();
    expect(orderable(scheduleDeclaration)).toContain('scheduled_time');
    expect(missing({ ...items!, columns: scheduleDeclaration.columns })).toEqual([]);
  });
});
