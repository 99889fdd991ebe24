-- 103_social_publishing.sql — what the post-dispatch worker records about a
-- post while and after it publishes it, so one post is published once.
--
-- Creates: columns of marketing.social_posts (publish_attempts,
--   publishing_started_at, publish_lease_until, publish_outcome,
--   publish_container_id, publish_not_before, failure_reason); index
--   idx_sp_dispatch.
-- Depends on: 85 (marketing.social_posts).
--
-- Choices:
--   * A claim (scheduled → publishing) takes a lease: publish_lease_until.
--     Another run claims a `publishing` post only after its lease has run out
--     (the worker died, or the outcome was unknown), and then as a reconcile:
--     it looks on the platform for the post before anything else.
--   * publish_attempts counts claims. Every outcome is written only
--     `WHERE publish_attempts = <the claim's number>`, so a run whose lease
--     was taken over cannot overwrite the newer run's outcome.
--   * publish_outcome: 'unknown' = held in publishing after an ambiguous
--     answer (timeout, 5xx, a rate-limit error on the publish call itself),
--     waiting for a reconcile; 'deferred' = back to scheduled because the
--     account is at its platform limit, not before publish_not_before.
--   * publish_container_id: the Instagram media container, written as soon
--     as it exists, so a reconcile can ask the platform for its status_code
--     (PUBLISHED means the first attempt went live).
--   * publishing_started_at is when the post last left `scheduled`: the
--     reconcile looks for posts created since then, and a post publishing for
--     long is found with ?status=eq.publishing&publishing_started_at=lt.….
--   * failure_reason says why a post failed, was deferred or is held.

ALTER TABLE marketing.social_posts
  ADD COLUMN publish_attempts      integer NOT NULL DEFAULT 0,
  ADD COLUMN publishing_started_at timestamptz,
  ADD COLUMN publish_lease_until   timestamptz,
  ADD COLUMN publish_outcome       text,
  ADD COLUMN publish_container_id  text,
  ADD COLUMN publish_not_before    timestamptz,
  ADD COLUMN failure_reason        text,
  ADD CONSTRAINT social_posts_publish_outcome_check CHECK (publish_outcome IN ('unknown', 'deferred'));

COMMENT ON COLUMN marketing.social_posts.publish_lease_until IS
  'Until when the dispatch run that claimed the post owns it; after that another run reconciles it.';
COMMENT ON COLUMN marketing.social_posts.publish_outcome IS
  'unknown = held in publishing for a reconcile; deferred = rescheduled after a platform limit.';

-- The claim's two branches: scheduled posts by due time, publishing posts by lease.
CREATE INDEX idx_sp_dispatch ON marketing.social_posts (status, scheduled_at)
  WHERE status IN ('scheduled', 'publishing');
