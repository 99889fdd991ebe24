/**
 * Recomputes `member_count` of every auto-refresh segment from its current
 * members, in one statement (one Data API call, atomic).
 *
 * Counts only members not removed (`removed_at IS NULL`). Re-evaluating a
 * dynamic segment's `criteria` to add or remove members is not done here.
 */
import type { SqlExecutor } from '../shared/db/executor.js';

const REFRESH = `
UPDATE marketing.segments AS s
   SET member_count = (
         SELECT count(*)::integer
           FROM marketing.segment_members AS m
          WHERE m.segment_id = s.id
            AND m.removed_at IS NULL),
       last_calculated_at = now()
 WHERE s.auto_refresh = true`;

export async function refreshSegments(db: SqlExecutor): Promise<{ refreshed: number }> {
  const result = await db.query(REFRESH);
  return { refreshed: result.rowCount };
}
