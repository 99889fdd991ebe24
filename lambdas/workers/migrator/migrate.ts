/**
 * Applies schema files in order, each file in one transaction, one statement
 * per call (the Data API's rule), recording each applied file in a ledger.
 * Used by `npm start`, the tests and the CloudFormation custom resource alike.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { ChangedFileError, MigrationError } from './errors.js';
import type { SchemaFile } from './schema-files.js';
import { SqlSyntaxError, splitStatements } from './split-statements.js';
import { LEDGER_TABLE, MIGRATION_LOCK, NO_STATEMENT_TIMEOUT, readLedger, type LedgerEntry } from './ledger.js';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
  file        text PRIMARY KEY,
  sha256      text NOT NULL,
  statements  integer NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrateOptions {
  executor: SqlExecutor;
  files: readonly SchemaFile[];
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

/** Refuses before anything runs when an applied file has changed, so no later file lands on a drifted base. */
function checkUnchanged(files: readonly SchemaFile[], ledger: readonly LedgerEntry[]): void {
  const applied = new Map(ledger.map((e) => [e.file, e.sha256]));
  for (const file of files) {
    const sha = applied.get(file.name);
    if (sha !== undefined && sha !== file.sha256) throw new ChangedFileError(file.name, sha, file.sha256);
  }
}

async function applyFile(executor: SqlExecutor, file: SchemaFile): Promise<'applied' | 'skipped'> {
  let statements;
  try {
    statements = await splitStatements(file.sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new MigrationError(file.name, error.line, error.message);
    throw error;
  }
  return executor.transaction(async (tx) => {
    await tx.query(NO_STATEMENT_TIMEOUT);
    await tx.query(MIGRATION_LOCK);
    // Another migrator may have applied it while we waited for the lock.
    const done = await tx.query(`SELECT sha256 FROM ${LEDGER_TABLE} WHERE file = :file`, { file: file.name });
    const appliedSha = done.rows[0]?.sha256;
    if (typeof appliedSha === 'string') {
      if (appliedSha !== file.sha256) throw new ChangedFileError(file.name, appliedSha, file.sha256);
      return 'skipped';
    }
    for (const statement of statements) {
      try {
        await tx.query(statement.sql);
      } catch (error) {
        throw new MigrationError(file.name, statement.line, (error as Error).message);
      }
    }
    await tx.query(
      `INSERT INTO ${LEDGER_TABLE} (file, sha256, statements) VALUES (:file, :sha256, :statements)`,
      { file: file.name, sha256: file.sha256, statements: statements.length },
    );
    return 'applied';
  });
}

export async function migrate({ executor, files, log = () => undefined }: MigrateOptions): Promise<MigrateResult> {
  await executor.transaction(async (tx) => {
    await tx.query(NO_STATEMENT_TIMEOUT); // waiting for another migrator's lock is not an API call
    await tx.query(MIGRATION_LOCK);
    await tx.query(CREATE_LEDGER);
  });
  const ledger = await readLedger(executor);
  checkUnchanged(files, ledger);
  const appliedBefore = new Set(ledger.map((e) => e.file));
  const result: MigrateResult = { applied: [], skipped: [] };
  for (const file of files) {
    if (appliedBefore.has(file.name)) {
      result.skipped.push(file.name);
      continue;
    }
    const outcome = await applyFile(executor, file);
    result[outcome].push(file.name);
    log(`${outcome === 'applied' ? 'applied' : 'already applied'} ${file.name}`);
  }
  return result;
}
