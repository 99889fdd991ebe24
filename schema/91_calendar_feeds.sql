-- 91_calendar_feeds.sql — operational tables of the planning API that are not
-- part of the seed's marketing schema: secret calendar-feed tokens, and a view
-- for the cross-calendar schedule query.
--
-- Creates: schema marketing_ops; marketing_ops.calendar_feed_tokens;
--   view marketing_ops.calendar_item_schedule.
-- Depends on: 00 (generate_uuid_v7), 86 (marketing.content_calendars,
--   marketing.calendar_items).
--
-- Choices:
--   * A separate schema keeps the seed's marketing schema exactly as specified
--     (its table set is checked against the seed).
--   * Calendar apps cannot send a bearer token, so a calendar is shared by a
--     secret URL. Only the token's SHA-256 (hex) is stored: a database leak
--     does not reveal working URLs. Revoking deletes the row; deleting the
--     calendar deletes its tokens.
--   * calendar_item_schedule exposes scheduled_time as text in the "C"
--     collation. HH:MM:SS[.ffffff] text sorts like the time itself, and the
--     API's list builder can then order and page by (scheduled_date,
--     scheduled_time) without a `time` column type. The view has one base
--     table, so PostgreSQL inlines it and uses idx_ci_scheduled for date ranges.

CREATE SCHEMA IF NOT EXISTS marketing_ops;

CREATE TABLE marketing_ops.calendar_feed_tokens (
  id            uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  calendar_id   uuid NOT NULL REFERENCES marketing.content_calendars (id) ON DELETE CASCADE,
  token_sha256  text NOT NULL,
  label         text,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  CONSTRAINT calendar_feed_tokens_token_sha256_key UNIQUE (token_sha256),
  CONSTRAINT calendar_feed_tokens_token_sha256_check CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT calendar_feed_tokens_label_check CHECK (label IS NULL OR char_length(label) <= 200)
);

COMMENT ON TABLE marketing_ops.calendar_feed_tokens IS
  'Secret iCalendar subscription tokens per content calendar (SHA-256 only; the token is shown once).';

CREATE INDEX idx_calendar_feed_tokens_calendar_id ON marketing_ops.calendar_feed_tokens (calendar_id);

CREATE VIEW marketing_ops.calendar_item_schedule AS
SELECT
  i.id,
  i.calendar_item_id,
  i.calendar_id,
  i.content_id,
  i.library_asset_id,
  i.published_post_id,
  i.owner_contact_id,
  i.title,
  i.description,
  i.content_type,
  i.platform,
  i.scheduled_date,
  CAST(i.scheduled_time AS text) COLLATE "C" AS scheduled_time,
  i.status,
  i.priority,
  i.tags,
  i.created_at,
  i.updated_at
FROM marketing.calendar_items i;

COMMENT ON VIEW marketing_ops.calendar_item_schedule IS
  'Calendar items with scheduled_time as sortable text, for the cross-calendar date-range query.';
