/**
 * Recomputes `member_count` of every auto-refresh segment from its current
 * members, in one statement (atomic). It runs in a 2-minute function, not
 * under the API's 20 s statement_timeout (schema/94_statement_timeout.sql):
 * its transaction raises the budget to 40 s, below the Data API's 45 s.
 *
 * Counts only members not removed (`removed_at IS NULL`). In this schema
 * (83_marketing_segments.sql) triggers already keep member_count exact and a
 * guard trigger ignores direct writes to it, so here the count is confirmed
 * and `last_calculated_at` stamped; on a database without those triggers the
 * same statement does the recount. Re-evaluating a dynamic segment's
 * `criteria` to add or remove members is future work.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';

const REFRESH = `
UPDATE marketing.segments AS s
   SET member_count = (
         SELECT count(*)::integer
           FROM marketing.segment_members AS m
          WHERE m.segment_id = s.id
            AND m.removed_at IS NULL),
       last_calculated_at = now()
 WHERE s.auto_refresh = true`;

const BACKGROUND_BUDGET = `SELECT set_config('statement_timeout', '40s', true)`;

export async function refreshSegments(db: SqlExecutor): Promise<{ refreshed: number }> {
  return db.transaction(async (tx) => {
    await tx.query(BACKGROUND_BUDGET);
    const result = await tx.query(REFRESH);
    return { refreshed: result.rowCount };
  });
}
