/**
 * Writes a publish result, ONE statement each (the post and its dispatch
 * row together), only for the claim that holds the post (`status =
 * 'publishing'` and the dispatch row's `attempts` = the claim's number): a
 * run whose lease another run has taken over changes nothing (false).
 *
 * - published: status published, published_at, external_post_id / _url;
 * - failed: status failed and failure_reason; with `reauth`, the account's
 *   status becomes `reauth_required` in the same statement;
 * - deferred: back to scheduled, not before `until` (scheduled_at is the
 *   user's and stays as it was);
 * - unknown: held in publishing (outcome 'unknown'), its lease
 *   shortened to `holdSeconds`, after which a run reconciles it.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { sqlValue } from '../../platform/db/values.js';
import type { ClaimedPost } from './claim.js';
import type { PublishResult } from './publishers/index.js';

export const REAUTH_STATUS = 'reauth_required';

// The claim that holds the post: locked, so a claim running at the same moment waits or skips.
const HOLDER = `holder AS (
  SELECT d.post_id FROM marketing_ops.social_post_dispatch d JOIN marketing.social_posts p ON p.id = d.post_id
   WHERE d.post_id = CAST(:id AS uuid) AND d.attempts = :attempt AND p.status = 'publishing'
     FOR UPDATE OF d, p)`;

/** One statement: the post's status and columns (when `post` is given) and the dispatch row, only for the holder. */
function statement(post: string | null, dispatch: string, extraCte = ''): string {
  return `WITH ${HOLDER},
${post ? `post AS (UPDATE marketing.social_posts p SET ${post} FROM holder WHERE p.id = holder.post_id RETURNING p.id, p.account_id),` : ''}
dispatch AS (UPDATE marketing_ops.social_post_dispatch d SET ${dispatch}, updated_at = now() FROM holder WHERE d.post_id = holder.post_id RETURNING d.post_id)${extraCte}
SELECT (SELECT count(*) FROM dispatch)::int AS written`;
}

const STATEMENTS = {
  published: statement(
    `status = 'published', published_at = now(), external_post_id = :external_post_id, external_url = :external_url`,
    `outcome = NULL, lease_until = NULL, failure_reason = :note`,
  ),
  failed: statement(
    `status = 'failed'`,
    `outcome = NULL, lease_until = NULL, failure_reason = :reason`,
    `,
account AS (
  UPDATE marketing.social_accounts a SET status = '${REAUTH_STATUS}'
    FROM post WHERE a.id = post.account_id AND CAST(:reauth AS boolean)
  RETURNING a.id)`,
  ),
  // scheduled_at is the user's and stays; not_before holds the post back.
  deferred: statement(`status = 'scheduled'`, `outcome = 'deferred', not_before = CAST(:until AS timestamptz), failure_reason = :reason, lease_until = NULL`),
  unknown: statement(null, `outcome = 'unknown', failure_reason = :reason, lease_until = now() + CAST(:hold_seconds AS integer) * interval '1 second'`),
} as const;

const written = (r: { rows: Array<Record<string, unknown>> }) => Number(r.rows[0]?.written) === 1;

export async function recordResult(db: SqlExecutor, post: ClaimedPost, result: PublishResult, holdSeconds: number): Promise<boolean> {
  const holder = { id: post.id, attempt: post.attempt };
  switch (result.kind) {
    case 'published':
      return written(await db.query(STATEMENTS.published, { ...holder, external_post_id: result.externalPostId, external_url: result.externalUrl, note: result.note ?? null }));
    case 'failed':
      return written(await db.query(STATEMENTS.failed, { ...holder, reason: result.reason, reauth: result.reauth === true }));
    case 'deferred':
      return written(await db.query(STATEMENTS.deferred, { ...holder, reason: result.reason, until: sqlValue.timestamp(result.until) }));
    case 'unknown':
      return written(await db.query(STATEMENTS.unknown, { ...holder, reason: result.reason, hold_seconds: holdSeconds }));
  }
}

/** Records the Instagram container the moment it exists (for the reconcile); false when the claim was lost. */
export async function recordContainer(db: SqlExecutor, post: ClaimedPost, containerId: string): Promise<boolean> {
  return written(await db.query(statement(null, 'container_id = :container_id'), { id: post.id, attempt: post.attempt, container_id: containerId }));
}

/** Posts publishing for longer than `minutes` (the post row changes when it enters publishing, not on reconciles). */
export async function countPublishingLongerThan(db: SqlExecutor, minutes: number): Promise<number> {
  const r = await db.query(
    `SELECT count(*)::int AS n FROM marketing.social_posts
      WHERE status = 'publishing' AND updated_at < now() - CAST(:minutes AS integer) * interval '1 minute'`,
    { minutes },
  );
  return Number(r.rows[0]?.n ?? 0);
}
