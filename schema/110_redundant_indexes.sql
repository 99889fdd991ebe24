-- 110_redundant_indexes.sql — drops single-column indexes that a wider index already covers.
--
-- Drops: indexes marketing.idx_content_template_id (from 81),
--   marketing.idx_content_usage_content_id and
--   marketing.idx_content_usage_library_asset_id (from 82),
--   public.idx_mkt_wap_messages_account_id (from 74).
-- Depends on: 93 and 100 ((template_id, id), (content_id, id),
--   (library_asset_id, id)), 74 (UNIQUE (account_id, external_message_id)).
--
-- Why: each of these was made for a foreign key column (its cascades and
-- `col = value` lookups). A b-tree whose leading column is that column serves
-- both as well, and the list indexes of 93/100 and the unique constraint of 74
-- lead with it, so every insert and key update paid for a second copy of the
-- same column. Indexes the design documents name (idx_content_property,
-- idx_content_type, idx_asset_type, idx_ci_scheduled) stay, though they are
-- prefixes too: the schema keeps the documents' names
-- (test/integration/schema-marketing-spec.test.ts).

DROP INDEX IF EXISTS marketing.idx_content_template_id;
DROP INDEX IF EXISTS marketing.idx_content_usage_content_id;
DROP INDEX IF EXISTS marketing.idx_content_usage_library_asset_id;
DROP INDEX IF EXISTS public.idx_mkt_wap_messages_account_id;
