-- 99_more_list_order_indexes.sql — indexes behind the orders the campaigns, segments and social lists offer.
--
-- Creates: (business id, id) indexes for marketing.campaigns, segments, social_accounts and social_posts.
-- Depends on: 83 (segments), 84 (campaigns), 85 (social tables).
--
-- Why: as 93_list_order_indexes.sql explains, a keyset page orders by the
-- column and then the id, and only an index on exactly (column, id) serves
-- both the order and the cursor's range; the business IDs' UNIQUE indexes
-- are on the column alone. test/integration/list-order-indexes.test.ts checks
-- every list route's orderable columns against the catalog.
CREATE INDEX IF NOT EXISTS idx_segments_segment_id_id ON marketing.segments (segment_id, id);
CREATE INDEX IF NOT EXISTS idx_social_accounts_social_account_id_id ON marketing.social_accounts (social_account_id, id);
CREATE INDEX IF NOT EXISTS idx_social_posts_social_post_id_id ON marketing.social_posts (social_post_id, id);
CREATE INDEX IF NOT EXISTS idx_campaigns_campaign_id_id ON marketing.campaigns (campaign_id, id);
