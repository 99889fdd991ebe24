-- 109_schedule_time_order.sql — the schedule's scheduled_time order reads an index.
--
-- Replaces: view marketing_ops.calendar_item_schedule (from 91).
-- Creates: indexes on marketing.calendar_items
--   ((scheduled_time IS NULL), COALESCE(scheduled_time, '00:00:00'), id) and
--   (scheduled_date, scheduled_time, id).
-- Depends on: 86 (marketing.calendar_items), 91 (the view).
--
-- Why: 91 exposed scheduled_time as text, so that the list builder could
-- order it before it knew a `time` column type. The builder now
-- orders and pages a `time` column itself (its CAST to time is a no-op on a
-- time column), and PostgreSQL can match an index of the base table only to
-- the base column, not to text made of it: `order=scheduled_time.asc` sorted
-- every calendar item for each page. The view now passes the column through.
--   * `order=scheduled_time.asc|desc` is ordered by the builder's NOT NULL
--     expressions of a nullable column (lambdas/platform/lists/list-query.ts,
--     nullKeySql; its stand-in for `time` is '00:00:00'), so its index is the
--     expression index, as in 107.
--   * The default order (scheduled_date, scheduled_time, id) is one index
--     order: within a date range the page comes off the index, not a sort.
--   * The view has one base table, so PostgreSQL still inlines it.
-- Readers of the view see the same values: the Data API returns a time as
-- `HH:MM:SS[.ffffff]`, the text 91 made of it.

DROP VIEW marketing_ops.calendar_item_schedule;

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
  i.scheduled_time,
  i.status,
  i.priority,
  i.tags,
  i.created_at,
  i.updated_at
FROM marketing.calendar_items i;

COMMENT ON VIEW marketing_ops.calendar_item_schedule IS
  'Calendar items of every calendar, for the cross-calendar date-range query.';

CREATE INDEX IF NOT EXISTS idx_calendar_items_scheduled_time_nulls_id
  ON marketing.calendar_items ((scheduled_time IS NULL), COALESCE(scheduled_time, '00:00:00'::time), id);

CREATE INDEX IF NOT EXISTS idx_calendar_items_scheduled_date_time_id
  ON marketing.calendar_items (scheduled_date, scheduled_time, id);
