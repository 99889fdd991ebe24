/**
 * The migration ledger: which schema files are applied. Kept apart from the
 * migrator (which needs the SQL parser, libpg-query) so health checks can read
 * it without bundling the parser.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';

export const LEDGER_TABLE = 'public.schema_migrations';

export interface LedgerEntry {
  file: string;
  sha256: string;
  statements: number;
  applied_at: string;
}

/** PostgreSQL's undefined_table, as the Data API executor (sqlState) or node-postgres (code) reports it. */
function isUndefinedTable(error: unknown): boolean {
  const e = error as { sqlState?: string; code?: string };
  return e.sqlState === '42P01' || e.code === '42P01';
}

/** The applied files in the order they apply (numeric prefix: 99_ before 100_); one statement (health checks call this on every probe), empty before the first migration. */
export async function readLedger(executor: SqlExecutor): Promise<LedgerEntry[]> {
  let rows: Record<string, unknown>[];
  try {
    ({ rows } = await executor.query<Record<string, unknown>>(
      `SELECT file, sha256, statements, applied_at::text AS applied_at FROM ${LEDGER_TABLE}
       ORDER BY substring(file FROM '^[0-9]+')::int, file`,
    ));
  } catch (error) {
    if (isUndefinedTable(error)) return [];
    throw error;
  }
  return rows.map((r) => ({
    file: String(r.file),
    sha256: String(r.sha256),
    statements: Number(r.statements),
    applied_at: String(r.applied_at),
  }));
}

