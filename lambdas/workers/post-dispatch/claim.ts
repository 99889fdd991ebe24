/**
 * Claims social posts in ONE statement, with what their publisher needs:
 *
 * - `scheduled` posts that are due (`scheduled_at` passed, and any deferral
 *   after a platform limit too) become `publishing`;
 * - `publishing` posts whose lease ran out (the run that held them died, or
 *   left the outcome unknown) are claimed again, as a reconcile.
 *
 * Each claim takes a lease and counts an attempt; `FOR UPDATE SKIP LOCKED`
 * lets two overlapping runs claim disjoint posts, and a post another run has
 * just claimed no longer matches (its lease is fresh), so a post is claimed
 * by one run at a time. The batch limit keeps the response well under the
 * Data API's 1 MiB; the rest is claimed on the next run.
 *
 * The account's token comes back sealed (ciphertext); only the publisher opens it.
 */
import type { Row, SqlExecutor } from '../../platform/db/executor.js';

export const CLAIM_BATCH = 10;
/** Longer than the worker's 2-minute timeout: a live run never loses its posts. */
export const LEASE_SECONDS = 300;

export interface ClaimedPost {
  id: string;
  social_post_id: string;
  account_id: string;
  post_type: string;
  /** ISO 8601 UTC. */
  scheduled_at: string;
  caption: string | null;
  media_urls: string[];
  hashtags: string[];
  mentions: string[];
  link_url: string | null;
  /** This claim's number: every outcome is written only for it. */
  attempt: number;
  /** Claimed again from `publishing`: a previous attempt may have gone live. */
  reconcile: boolean;
  /** When the post left `scheduled` (ISO 8601 UTC): the reconcile looks for posts since then. */
  publishing_started_at: string;
  /** The Instagram container of an earlier attempt, if one was created. */
  container_id: string | null;
  account: {
    platform: string;
    external_account_id: string | null;
    status: string | null;
    /** Sealed (envelope-encrypted) token, or null when the account has none. */
    sealed_token: string | null;
  };
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// The CTE returns the claimed rows in due order (UPDATE ... RETURNING alone has no order).
const CLAIM = `
WITH due AS (
  SELECT id, status AS was_status
    FROM marketing.social_posts
   WHERE (status = 'scheduled' AND scheduled_at <= now() AND (publish_not_before IS NULL OR publish_not_before <= now()))
      OR (status = 'publishing' AND (publish_lease_until IS NULL OR publish_lease_until <= now()))
   ORDER BY scheduled_at, id
   LIMIT :limit
     FOR UPDATE SKIP LOCKED),
claimed AS (
  UPDATE marketing.social_posts AS p
     SET status = 'publishing',
         publish_attempts = p.publish_attempts + 1,
         publish_lease_until = now() + CAST(:lease_seconds AS integer) * interval '1 second',
         -- A fresh start from scheduled forgets an earlier run's container, outcome and reason.
         publishing_started_at = CASE WHEN due.was_status = 'scheduled' THEN now() ELSE p.publishing_started_at END,
         publish_container_id = CASE WHEN due.was_status = 'scheduled' THEN NULL ELSE p.publish_container_id END,
         publish_outcome = CASE WHEN due.was_status = 'scheduled' THEN NULL ELSE p.publish_outcome END,
         failure_reason = CASE WHEN due.was_status = 'scheduled' THEN NULL ELSE p.failure_reason END,
         publish_not_before = NULL
    FROM due
   WHERE p.id = due.id
  RETURNING p.*, due.was_status)
SELECT c.id::text AS id, c.social_post_id, c.account_id::text AS account_id, c.post_type, ${iso('c.scheduled_at')} AS scheduled_at,
       c.caption, c.media_urls, c.hashtags, c.mentions, c.link_url, c.publish_attempts AS attempt,
       c.was_status = 'publishing' AS reconcile, ${iso('c.publishing_started_at')} AS publishing_started_at,
       c.publish_container_id AS container_id,
       a.platform, a.external_account_id, a.status AS account_status, a.access_token AS sealed_token
  FROM claimed c
  JOIN marketing.social_accounts a ON a.id = c.account_id
 ORDER BY c.scheduled_at, c.id`;

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

function toClaimed(r: Row): ClaimedPost {
  return {
    id: String(r.id),
    social_post_id: String(r.social_post_id),
    account_id: String(r.account_id),
    post_type: String(r.post_type),
    scheduled_at: String(r.scheduled_at),
    caption: text(r.caption),
    media_urls: list(r.media_urls),
    hashtags: list(r.hashtags),
    mentions: list(r.mentions),
    link_url: text(r.link_url),
    attempt: Number(r.attempt),
    reconcile: r.reconcile === true,
    publishing_started_at: String(r.publishing_started_at),
    container_id: text(r.container_id),
    account: { platform: String(r.platform), external_account_id: text(r.external_account_id), status: text(r.account_status), sealed_token: text(r.sealed_token) },
  };
}

export async function claimDuePosts(db: SqlExecutor, limit = CLAIM_BATCH, leaseSeconds = LEASE_SECONDS): Promise<ClaimedPost[]> {
  const result = await db.query(CLAIM, { limit, lease_seconds: leaseSeconds });
  return result.rows.map(toClaimed);
}
