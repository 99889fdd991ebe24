/**
 * Writes a publish result, ONE statement each, only for the claim that holds
 * the post (`status = 'publishing' AND publish_attempts = <its attempt>`): a
 * run whose lease another run has taken over changes nothing (false).
 *
 * - published: status published, published_at, external_post_id / _url;
 * - failed: status failed and failure_reason; with `reauth`, the account's
 *   status becomes `reauth_required` in the same statement;
 * - deferred: back to scheduled, not before `until` (scheduled_at is the
 *   user's and stays as it was);
 * - unknown: held in publishing (publish_outcome 'unknown'), its lease
 *   shortened to `holdSeconds`, after which a run reconciles it.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { sqlValue } from '../../platform/db/values.js';
import type { ClaimedPost } from './claim.js';
import type { PublishResult } from './publishers/index.js';

export const REAUTH_STATUS = 'reauth_required';

const HOLDER = `id = CAST(:id AS uuid) AND status = 'publishing' AND publish_attempts = :attempt`;

const STATEMENTS = {
  published: `UPDATE marketing.social_posts
     SET status = 'published', published_at = now(), external_post_id = :external_post_id, external_url = :external_url,
         publish_outcome = NULL, publish_lease_until = NULL, failure_reason = :note
   WHERE ${HOLDER}`,
  failed: `WITH post AS (
  UPDATE marketing.social_posts
     SET status = 'failed', failure_reason = :reason, publish_outcome = NULL, publish_lease_until = NULL
   WHERE ${HOLDER}
  RETURNING account_id),
account AS (
  UPDATE marketing.social_accounts a SET status = '${REAUTH_STATUS}'
    FROM post WHERE a.id = post.account_id AND CAST(:reauth AS boolean)
  RETURNING a.id)
SELECT (SELECT count(*) FROM post) AS written`,
  deferred: `UPDATE marketing.social_posts
     SET status = 'scheduled', publish_outcome = 'deferred', publish_not_before = CAST(:until AS timestamptz),
         failure_reason = :reason, publish_lease_until = NULL
   WHERE ${HOLDER}`,
  unknown: `UPDATE marketing.social_posts
     SET publish_outcome = 'unknown', failure_reason = :reason,
         publish_lease_until = now() + CAST(:hold_seconds AS integer) * interval '1 second'
   WHERE ${HOLDER}`,
} as const;

export async function recordResult(db: SqlExecutor, post: ClaimedPost, result: PublishResult, holdSeconds: number): Promise<boolean> {
  const holder = { id: post.id, attempt: post.attempt };
  switch (result.kind) {
    case 'published': {
      const r = await db.query(STATEMENTS.published, { ...holder, external_post_id: result.externalPostId, external_url: result.externalUrl, note: result.note ?? null });
      return r.rowCount === 1;
    }
    case 'failed': {
      const r = await db.query(STATEMENTS.failed, { ...holder, reason: result.reason, reauth: result.reauth === true });
      return Number(r.rows[0]?.written) === 1;
    }
    case 'deferred': {
      const r = await db.query(STATEMENTS.deferred, { ...holder, reason: result.reason, until: sqlValue.timestamp(result.until) });
      return r.rowCount === 1;
    }
    case 'unknown': {
      const r = await db.query(STATEMENTS.unknown, { ...holder, reason: result.reason, hold_seconds: holdSeconds });
      return r.rowCount === 1;
    }
  }
}

/** Records the Instagram container the moment it exists (for the reconcile); false when the claim was lost. */
export async function recordContainer(db: SqlExecutor, post: ClaimedPost, containerId: string): Promise<boolean> {
  const r = await db.query(`UPDATE marketing.social_posts SET publish_container_id = :container_id WHERE ${HOLDER}`, { id: post.id, attempt: post.attempt, container_id: containerId });
  return r.rowCount === 1;
}

/** Posts publishing for longer than `minutes`: a reconcile that keeps finding nothing shows here. */
export async function countPublishingLongerThan(db: SqlExecutor, minutes: number): Promise<number> {
  const r = await db.query(
    `SELECT count(*)::int AS n FROM marketing.social_posts
      WHERE status = 'publishing' AND publishing_started_at < now() - CAST(:minutes AS integer) * interval '1 minute'`,
    { minutes },
  );
  return Number(r.rows[0]?.n ?? 0);
}
