/**
 * Readiness: the database answers and which schema files are applied. Reading
 * the migration ledger is itself the reachability probe, so a healthy check
 * costs one small Data API call (behind a bearer token, see api.ts).
 */
import { readLedger } from '../workers/migrator/ledger.js';
import { DatabaseResumingError } from '../platform/db/errors.js';
import type { SqlExecutor } from '../platform/db/executor.js';
import { ServiceUnavailableError } from '../platform/errors.js';
import type { HealthReport } from './schemas.js';

/** The ledger's `timestamptz::text` (`2025-01-02 03:04:05.678+00`) as ISO 8601 UTC for clients. */
export function isoTimestamp(text: string): string {
  const date = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export async function checkReadiness(executor: SqlExecutor): Promise<HealthReport> {
  let ledger;
  try {
    ledger = await readLedger(executor);
  } catch (error) {
    // A resuming cluster keeps its own 503 with Retry-After (mapped centrally).
    if (error instanceof DatabaseResumingError) throw error;
    throw new ServiceUnavailableError('The database is unreachable.', undefined, error);
  }
  return {
    status: 'ok',
    database: 'reachable',
    migrations: ledger.map((entry) => ({ file: entry.file, applied_at: isoTimestamp(entry.applied_at) })),
  };
}
