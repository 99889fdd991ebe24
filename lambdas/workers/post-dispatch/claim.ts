/**
 * Claims social posts that are due: `scheduled` with `scheduled_at <= now()`
 * become `publishing`, in one statement, and are returned to the caller.
 *
 * `FOR UPDATE SKIP LOCKED` lets two overlapping runs claim disjoint posts, so
 * a post is claimed once. The batch limit keeps the response well under the
 * Data API's 1 MiB; the rest is claimed on the next run.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';

export const CLAIM_BATCH = 100;

export interface ClaimedPost {
  id: string;
  social_post_id: string;
  account_id: string;
  post_type: string;
  /** ISO 8601 UTC. */
  scheduled_at: string;
}

// The CTE returns the claimed rows in due order (UPDATE ... RETURNING alone has no order).
const CLAIM = `
WITH claimed AS (
  UPDATE marketing.social_posts AS p
     SET status = 'publishing'
   WHERE p.id IN (
           SELECT id
             FROM marketing.social_posts
            WHERE status = 'scheduled'
              AND scheduled_at <= now()
            ORDER BY scheduled_at
            LIMIT :limit
              FOR UPDATE SKIP LOCKED)
  RETURNING p.id, p.social_post_id, p.account_id, p.post_type, p.scheduled_at)
SELECT id::text AS id, social_post_id, account_id::text AS account_id, post_type,
       to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS scheduled_at
  FROM claimed
 ORDER BY claimed.scheduled_at, claimed.id`;

export async function claimDuePosts(db: SqlExecutor, limit = CLAIM_BATCH): Promise<ClaimedPost[]> {
  const result = await db.query(CLAIM, { limit });
  return result.rows.map((r) => ({
    id: String(r.id),
    social_post_id: String(r.social_post_id),
    account_id: String(r.account_id),
    post_type: String(r.post_type),
    scheduled_at: String(r.scheduled_at),
  }));
}
