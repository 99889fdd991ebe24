/** All SQL of the reference domain: one statement per request. */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import { readPage } from '../platform/lists/list-route.js';
import { referenceColumns, type ReferenceTable } from './tables.js';

export function listReference(executor: SqlExecutor, table: ReferenceTable, query: QueryInput): Promise<Page<Row>> {
  return readPage(executor, {
    table: table.table,
    select: table.select,
    columns: referenceColumns,
    defaultOrder: 'sort_order.asc',
    idColumn: 'code',
  }, query);
}

export async function getReference(executor: SqlExecutor, table: ReferenceTable, code: string): Promise<Row | undefined> {
  const { rows } = await executor.query(`SELECT ${table.select} FROM ${table.table} WHERE code = :code`, { code });
  return rows[0];
}
