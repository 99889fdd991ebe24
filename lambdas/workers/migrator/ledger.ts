/**
 * The migration ledger: which schema files are applied. Kept apart from the
 * migrator (which needs the SQL parser, libpg-query) so health checks can read
 * it without bundling the parser.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { compareSchemaNames } from './schema-files.js';

export const LEDGER_TABLE = 'public.schema_migrations';

// Serialises concurrent migrators (two deploys, two local starts) on one database; the role set-up takes it too.
export const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('schema_migrations'))`;
// API calls run under a 20 s statement_timeout (schema/94_statement_timeout.sql); a migration has its own
// budget: none of PostgreSQL's, only the Data API's per-call limit. Local to each file's transaction.
export const NO_STATEMENT_TIMEOUT = `SELECT set_config('statement_timeout', '0', true)`;

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

/** The applied files; one statement (health checks call this on every probe), empty before the first migration. */
export async function readLedger(executor: SqlExecutor): Promise<LedgerEntry[]> {
  let rows: Record<string, unknown>[];
  try {
    ({ rows } = await executor.query<Record<string, unknown>>(
      // In the order the files apply (numeric prefix, then name: 103_ after 99_), as compareSchemaNames sorts them.
      `SELECT file, sha256, statements, applied_at::text AS applied_at FROM ${LEDGER_TABLE}
        ORDER BY CAST(substring(file FROM '^[0-9]+') AS integer), file COLLATE "C"`,
    ));
  } catch (error) {
    if (isUndefinedTable(error)) return [];
    throw error;
  }
  const entries = rows.map((r) => ({
    file: String(r.file),
    sha256: String(r.sha256),
    statements: Number(r.statements),
    applied_at: String(r.applied_at),
  }));
  // Apply order (numeric prefixes: 102_ follows 99_), which SQL's text order is not.
  return entries.sort((a, b) => compareSchemaNames(a.file, b.file));
}

