-- 103_social_publishing.sql — what the post-dispatch worker records about a
-- post while and after it publishes it, so one post is published once.
--
-- Creates: marketing_ops.social_post_dispatch; index
--   idx_social_posts_dispatch_due on marketing.social_posts.
-- Depends on: 85 (marketing.social_posts), 98 (schema marketing_ops).
--
-- Choices:
--   * A table of its own rather than columns on social_posts: that table
--     keeps exactly the seed's columns. One row per post that was ever
--     claimed; the post's status stays the state machine's truth.
--   * A claim (scheduled → publishing) takes a lease: lease_until. Another
--     run claims a `publishing` post only after its lease has run out (the
--     worker died, or the outcome was unknown), and then as a reconcile: it
--     looks on the platform for the post before anything else.
--   * attempts counts claims. Every outcome is written only
--     `WHERE attempts = <the claim's number>`, so a run whose lease was taken
--     over cannot overwrite the newer run's outcome.
--   * outcome: 'unknown' = held in publishing after an ambiguous answer
--     (timeout, 5xx, a rate-limit error on the publish call itself), waiting
--     for a reconcile; 'deferred' = back to scheduled because the account is
--     at its platform limit, not claimed before not_before.
--   * container_id: the Instagram media container, written as soon as it
--     exists, so a reconcile can ask the platform for its status_code
--     (PUBLISHED means the earlier attempt went live).
--   * started_at is when the post last left `scheduled`: the reconcile looks
--     for posts created on the platform since then.
--   * failure_reason says why a post failed, was deferred or is held.

CREATE TABLE marketing_ops.social_post_dispatch (
  post_id         uuid PRIMARY KEY REFERENCES marketing.social_posts (id) ON DELETE CASCADE,
  attempts        integer NOT NULL DEFAULT 0,
  started_at      timestamptz,
  lease_until     timestamptz,
  outcome         text,
  container_id    text,
  not_before      timestamptz,
  failure_reason  text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT social_post_dispatch_outcome_check CHECK (outcome IN ('unknown', 'deferred'))
);

COMMENT ON TABLE marketing_ops.social_post_dispatch IS
  'Dispatch state of social posts: lease, attempts, unknown/deferred outcome, Instagram container, failure reason.';

-- The claim reads scheduled posts by due time and publishing posts (joined to their lease).
CREATE INDEX idx_social_posts_dispatch_due ON marketing.social_posts (status, scheduled_at)
  WHERE status IN ('scheduled', 'publishing');
