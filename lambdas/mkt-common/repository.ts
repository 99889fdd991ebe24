/** Reads of the seeded reference tables by code (one statement); the sets and KPIs have their own repositories. */
import type { Row, SqlExecutor } from '../platform/db/executor.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One reference row by its code, or by its uuid (how other rows refer to it). */
export async function getByCode(executor: SqlExecutor, table: string, select: string, code: string): Promise<Row | undefined> {
  const where = UUID.test(code) ? 'id = CAST(:code AS uuid)' : 'code = :code';
  const { rows } = await executor.query(`SELECT ${select} FROM ${table} WHERE ${where}`, { code });
  return rows[0];
}
