-- 90_asset_ingest_log.sql — what the asset-ingest function decided about each
-- uploaded object, and the rule "at most one hero image per property".
--
-- Creates: schema marketing_ops; tables marketing_ops.asset_ingest_state and
--   marketing_ops.asset_ingest_events (+ index idx_asset_ingest_events_asset_id);
--   constraint property_content_one_hero_excl on marketing.property_content.
-- Depends on: 00 (generate_uuid_v7), 82 (marketing.content_library,
--   marketing.property_content).
--
-- Choices:
--   * A separate schema: `marketing` holds exactly the seed's tables, and
--     content_library has no column for an ingest failure reason. Operational
--     bookkeeping of our own lives in `marketing_ops`.
--   * asset_ingest_state is the idempotency gate: one row per asset with the
--     S3 `sequencer` of the newest event applied. S3 delivers at least once
--     and unordered; for one key a larger sequencer is a later event. The
--     ingest writes through INSERT ... ON CONFLICT DO UPDATE ... WHERE the
--     stored sequencer is smaller, which PostgreSQL evaluates against the
--     latest committed row under a row lock, so concurrent duplicates cannot
--     both win. Sequencers are stored upper-case and left-padded with zeros
--     to 64 hex digits, so text order (COLLATE "C") is numeric order.
--   * asset_ingest_events is the append-only history (one row per applied
--     event): GET /v1/assets/{id}/ingest-events shows why an asset is 'error'.
--   * One hero per property: the API's write statements clear the old hero in
--     the statement that sets the new one; this exclusion constraint is the
--     backstop for concurrent writers. It is DEFERRABLE INITIALLY DEFERRED
--     (checked at commit), because within one statement PostgreSQL may set the
--     new hero before it clears the old one, and a non-deferred unique index
--     checks row by row. It adds no column to the seed's table, and the
--     partial-unique checks of the seed do not see it (it is not a unique index).

CREATE SCHEMA IF NOT EXISTS marketing_ops;

CREATE TABLE marketing_ops.asset_ingest_state (
  asset_id    uuid PRIMARY KEY REFERENCES marketing.content_library (id) ON DELETE CASCADE,
  object_key  text NOT NULL,
  sequencer   text NOT NULL,
  outcome     text NOT NULL,
  reason      text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT asset_ingest_state_sequencer_check CHECK (sequencer ~ '^[0-9A-F]{64}$'),
  CONSTRAINT asset_ingest_state_outcome_check CHECK (outcome IN ('active', 'error'))
);

COMMENT ON TABLE marketing_ops.asset_ingest_state IS
  'Newest S3 ObjectCreated event applied per asset (sequencer, 64 hex digits), for idempotent, order-safe ingest.';

CREATE TABLE marketing_ops.asset_ingest_events (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  asset_id    uuid NOT NULL REFERENCES marketing.content_library (id) ON DELETE CASCADE,
  object_key  text NOT NULL,
  sequencer   text NOT NULL,
  outcome     text NOT NULL,
  reason      text,
  size_bytes  bigint,
  mime_type   text,
  at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT asset_ingest_events_outcome_check CHECK (outcome IN ('active', 'error'))
);

COMMENT ON TABLE marketing_ops.asset_ingest_events IS
  'Append-only: each applied ingest of an uploaded object, its outcome and, for error, the reason.';

CREATE INDEX idx_asset_ingest_events_asset_id ON marketing_ops.asset_ingest_events (asset_id, at);

ALTER TABLE marketing.property_content
  ADD CONSTRAINT property_content_one_hero_excl
  EXCLUDE USING btree (property_id WITH =) WHERE (is_hero) DEFERRABLE INITIALLY DEFERRED;
