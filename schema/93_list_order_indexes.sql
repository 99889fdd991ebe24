-- 93_list_order_indexes.sql — an index for every order a list offers.
--
-- Creates: b-tree indexes (col, id) for the columns list declarations mark
--   orderable (lambdas/*/resources.ts, reference/tables.ts), and
--   (scope, col, id) for the two lists that are always read within one parent.
-- Depends on: 81, 82, 86, 87 (the tables), 80 (reference tables).
--
-- Why: a list orders by the requested column and then by the id (the tie
-- breaker, `code` for reference tables), and its keyset cursor asks for rows
-- after (value, id). Only an index on exactly those columns gives PostgreSQL
-- both the order and a range condition to start from; an index on the column
-- alone leaves a sort, or a filter over every row before the cursor, which
-- grows with the page number. b-tree's default ASC NULLS LAST matches the
-- API's order (ascending NULLs last, descending NULLs first: a backward scan).
-- test/integration/list-order-indexes.test.ts checks every declaration.
--
-- Plain CREATE INDEX (not CONCURRENTLY): the migrator applies a file in one
-- transaction, and these tables are small; a large table would want its index
-- built concurrently by hand before this file runs (IF NOT EXISTS then skips).

-- marketing.content (content list)
CREATE INDEX IF NOT EXISTS idx_content_content_id_id ON marketing.content (content_id, id);
CREATE INDEX IF NOT EXISTS idx_content_content_type_id ON marketing.content (content_type, id);
CREATE INDEX IF NOT EXISTS idx_content_property_id_id ON marketing.content (property_id, id);
CREATE INDEX IF NOT EXISTS idx_content_template_id_id ON marketing.content (template_id, id);

-- marketing.content_usage (content usage list)
CREATE INDEX IF NOT EXISTS idx_content_usage_content_id_id ON marketing.content_usage (content_id, id);
CREATE INDEX IF NOT EXISTS idx_content_usage_library_asset_id_id ON marketing.content_usage (library_asset_id, id);

-- marketing.content_versions (versions of one piece: always within content_id)
CREATE INDEX IF NOT EXISTS idx_content_versions_content_version_id ON marketing.content_versions (content_id, version_number, id);

-- marketing.content_library (asset list)
CREATE INDEX IF NOT EXISTS idx_content_library_asset_id_id ON marketing.content_library (asset_id, id);
CREATE INDEX IF NOT EXISTS idx_content_library_asset_type_id ON marketing.content_library (asset_type, id);

-- marketing.content_strategy (strategy list; a property's strategies use the same index)
CREATE INDEX IF NOT EXISTS idx_content_strategy_strategy_id_id ON marketing.content_strategy (strategy_id, id);

-- marketing.content_calendars (calendar list)
CREATE INDEX IF NOT EXISTS idx_content_calendars_calendar_id_id ON marketing.content_calendars (calendar_id, id);

-- marketing.calendar_items (a calendar's items; scheduled_date also serves the cross-calendar schedule)
CREATE INDEX IF NOT EXISTS idx_calendar_items_calendar_item_id_id ON marketing.calendar_items (calendar_item_id, id);
CREATE INDEX IF NOT EXISTS idx_calendar_items_scheduled_date_id ON marketing.calendar_items (scheduled_date, id);

-- marketing.websites (website list)
CREATE INDEX IF NOT EXISTS idx_websites_website_id_id ON marketing.websites (website_id, id);

-- marketing.website_pages (pages of one site: always within website_id)
CREATE INDEX IF NOT EXISTS idx_website_pages_website_page_path_id ON marketing.website_pages (website_id, page_path, id);

-- reference tables (ordered by sort_order, ties broken by code)
CREATE INDEX IF NOT EXISTS idx_ref_content_types_sort_order_code ON marketing.ref_content_types (sort_order, code);
CREATE INDEX IF NOT EXISTS idx_ref_social_platforms_sort_order_code ON marketing.ref_social_platforms (sort_order, code);
CREATE INDEX IF NOT EXISTS idx_ref_campaign_types_sort_order_code ON marketing.ref_campaign_types (sort_order, code);
CREATE INDEX IF NOT EXISTS idx_ref_segment_criteria_sort_order_code ON marketing.ref_segment_criteria (sort_order, code);
