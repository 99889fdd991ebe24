/**
 * Claims social posts in ONE statement, with what their publisher needs:
 *
 * - `scheduled` posts that are due (`scheduled_at` passed, and any deferral
 *   after a platform limit too) become `publishing`;
 * - `publishing` posts whose lease ran out (the run that held them died, or
 *   left the outcome unknown) are claimed again, as a reconcile.
 *
 * The lease, the attempt count and the reconcile facts live in
 * marketing_ops.social_post_dispatch (schema/103), one row per claimed post.
 *
 * Each claim takes a lease and counts an attempt; `FOR UPDATE SKIP LOCKED`
 * lets two overlapping runs claim disjoint posts, and a post another run has
 * just claimed no longer matches (its lease is fresh), so a post is claimed
 * by one run at a time. At most `limit` posts of each kind per run keeps the
 * response well under the Data API's 1 MiB; the rest is claimed on the next run.
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

// Each branch locks the row its claim changes, so a run that read a post
// before another run claimed it re-checks the changed row and lets it go:
// scheduled posts lock the post (the claim changes its status), expired
// leases lock the dispatch row (the claim renews its lease; an outcome
// written meanwhile clears or renews it too). Returned in due order.
const CLAIM = `
WITH fresh AS (
  SELECT p.id
    FROM marketing.social_posts p
   WHERE p.status = 'scheduled' AND p.scheduled_at <= now()
     AND NOT EXISTS (SELECT 1 FROM marketing_ops.social_post_dispatch d WHERE d.post_id = p.id AND d.not_before > now())
   ORDER BY p.scheduled_at, p.id
   LIMIT :limit
     FOR UPDATE OF p SKIP LOCKED),
expired AS (
  SELECT d.post_id AS id
    FROM marketing_ops.social_post_dispatch d
    JOIN marketing.social_posts p ON p.id = d.post_id
   WHERE p.status = 'publishing' AND d.lease_until <= now()
   ORDER BY d.lease_until, d.post_id
   LIMIT :limit
     FOR UPDATE OF d SKIP LOCKED),
moved AS (
  UPDATE marketing.social_posts AS p
     SET status = 'publishing'
    FROM fresh
   WHERE p.id = fresh.id
  RETURNING p.id),
leased AS (
  INSERT INTO marketing_ops.social_post_dispatch AS d (post_id, attempts, started_at, lease_until)
  SELECT id, 1, now(), now() + CAST(:lease_seconds AS integer) * interval '1 second'
    FROM (SELECT id FROM moved UNION ALL SELECT id FROM expired) claimed
  ON CONFLICT (post_id) DO UPDATE
     SET attempts = d.attempts + 1,
         lease_until = EXCLUDED.lease_until,
         updated_at = now(),
         -- A fresh start from scheduled forgets an earlier run's container, outcome, reason and deferral.
         started_at = CASE WHEN d.post_id IN (SELECT id FROM fresh) THEN now() ELSE d.started_at END,
         container_id = CASE WHEN d.post_id IN (SELECT id FROM fresh) THEN NULL ELSE d.container_id END,
         outcome = CASE WHEN d.post_id IN (SELECT id FROM fresh) THEN NULL ELSE d.outcome END,
         failure_reason = CASE WHEN d.post_id IN (SELECT id FROM fresh) THEN NULL ELSE d.failure_reason END,
         not_before = NULL
  RETURNING d.*)
SELECT p.id::text AS id, p.social_post_id, p.account_id::text AS account_id, p.post_type, ${iso('p.scheduled_at')} AS scheduled_at,
       p.caption, p.media_urls, p.hashtags, p.mentions, p.link_url, l.attempts AS attempt,
       l.post_id NOT IN (SELECT id FROM fresh) AS reconcile, ${iso('l.started_at')} AS publishing_started_at,
       l.container_id,
       a.platform, a.external_account_id, a.status AS account_status, a.access_token AS sealed_token
  FROM leased l
  JOIN marketing.social_posts p ON p.id = l.post_id
  JOIN marketing.social_accounts a ON a.id = p.account_id
 ORDER BY p.scheduled_at, p.id`;

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
