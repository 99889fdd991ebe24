-- 107_nullable_order_indexes.sql — one index range per keyset page on a nullable order column.
--
-- Creates: expression indexes ((col IS NULL), COALESCE(col, stand-in), id) for
--   the nullable orderable columns of the content, content usage and gallery
--   lists ((property_id, ...) for the gallery, always read within one property).
-- Depends on: 81, 82 (the tables), 93 and 100 (the (col, id) indexes, kept: they
--   serve `col = value` filters read in id order).
--
-- Why: the API orders a nullable column NULLS LAST ascending and NULLS FIRST
-- descending. In a (col, id) index the rows after a cursor are contiguous, but
-- no SQL condition names that stretch: "after (value, id) or NULL" is an OR,
-- which PostgreSQL reads as two index ranges (or a filter). The list builder
-- (lambdas/platform/lists/list-query.ts, nullKeySql) orders such a list by
-- (col IS NULL), COALESCE(col, stand-in), id instead — the same order, as
-- three NOT NULL keys — so every cursor, on a value or on a NULL, is one row
-- comparison and one range of these indexes. The stand-in is any constant of
-- the column's type (the flag already puts the NULLs apart); it must be the
-- builder's (NULL_STAND_IN there), which
-- test/integration/list-order-indexes.test.ts checks against this catalog.
--
-- Plain CREATE INDEX, as in 93: a large table would want these built
-- CONCURRENTLY by hand before this file runs (IF NOT EXISTS then skips).

-- marketing.content (content list)
CREATE INDEX IF NOT EXISTS idx_content_property_id_nulls_id
  ON marketing.content ((property_id IS NULL), COALESCE(property_id, '00000000-0000-0000-0000-000000000000'::uuid), id);
CREATE INDEX IF NOT EXISTS idx_content_template_id_nulls_id
  ON marketing.content ((template_id IS NULL), COALESCE(template_id, '00000000-0000-0000-0000-000000000000'::uuid), id);

-- marketing.content_usage (content usage list)
CREATE INDEX IF NOT EXISTS idx_content_usage_content_id_nulls_id
  ON marketing.content_usage ((content_id IS NULL), COALESCE(content_id, '00000000-0000-0000-0000-000000000000'::uuid), id);
CREATE INDEX IF NOT EXISTS idx_content_usage_library_asset_id_nulls_id
  ON marketing.content_usage ((library_asset_id IS NULL), COALESCE(library_asset_id, '00000000-0000-0000-0000-000000000000'::uuid), id);

-- marketing.property_content (a property's gallery, in display order)
CREATE INDEX IF NOT EXISTS idx_property_content_property_display_order_nulls_id
  ON marketing.property_content (property_id, (display_order IS NULL), COALESCE(display_order, 0), id);
