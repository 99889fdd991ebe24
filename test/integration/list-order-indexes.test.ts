/**
 * Every column a list lets a client order by has an index on (column, id) —
 * or (scope, column, id) for a list always read within one parent — in the
 * migrated catalog, so the first page and the keyset condition of every later
 * page are index ranges, not a sort or a filter over the rows before the cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { listDeclarations, scheduleDeclaration, type ListDeclaration } from '../support/list-declarations.js';

let db: TestDatabase;
/** `schema.table` -> the column lists of its plain (non-partial, non-expression) b-tree indexes. */
const indexColumns = new Map<string, string[][]>();

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query<{ table: string; columns: string[] }>(`
    SELECT n.nspname || '.' || c.relname AS table,
           ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    WHERE am.amname = 'btree' AND i.indpred IS NULL AND i.indexprs IS NULL`);
  for (const row of rows) indexColumns.set(row.table, [...(indexColumns.get(row.table) ?? []), row.columns]);
});

afterAll(async () => {
  await db.drop();
});

function orderable(list: Pick<ListDeclaration, 'columns'>): string[] {
  return Object.entries(list.columns)
    .filter(([, spec]) => spec.orderable)
    .map(([name]) => name);
}

/** The orderable columns of a list with no index (col, id) or (scope, col, id), as `table(col, id)`. */
function missing(list: ListDeclaration): string[] {
  const indexes = (indexColumns.get(list.table) ?? []).map((columns) => columns.join(','));
  return orderable(list)
    .filter((col) => col !== list.idColumn)
    .filter((col) => !indexes.includes(`${col},${list.idColumn}`) && !(list.scope && indexes.includes(`${list.scope},${col},${list.idColumn}`)))
    .map((col) => `${list.table}(${col}, ${list.idColumn})`);
}

describe('indexes behind list orders', () => {
  it('reads the catalog of the migrated schema', () => {
    expect(indexColumns.get('marketing.content')).toContainEqual(['id']);
  });

  it.each(listDeclarations().map((list) => [list.name, list] as const))('%s: every orderable column has an index ending in the tie breaker', (_name, list) => {
    expect(indexColumns.has(list.table), `table ${list.table}`).toBe(true);
    expect(missing(list)).toEqual([]);
  });

  it('the schedule view orders only by calendar items\' own columns, apart from its scheduled_time', () => {
    const items = listDeclarations().find((list) => list.table === scheduleDeclaration.baseTable);
    expect(items).toBeDefined();
    const own = orderable(scheduleDeclaration).filter((col) => !scheduleDeclaration.unindexed.includes(col));
    expect(own.filter((col) => !orderable(items!).includes(col))).toEqual([]);
    expect(missing({ ...items!, columns: Object.fromEntries(own.map((col) => [col, { type: 'text', orderable: true }])) })).toEqual([]);
  });
});
