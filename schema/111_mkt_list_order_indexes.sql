-- 111_mkt_list_order_indexes.sql — indexes behind the orders the mkt lists offer.
--
-- Creates: (col, id) indexes for the NOT NULL orderable columns of the mkt
--   common, NDP, content and persona lists; ((col IS NULL), COALESCE(col,
--   stand-in), id) for the nullable ones; both led by the parent's column for
--   the lists always read within one parent (a topic's segments, a pillar's
--   content types and tags, a piece's tags, a contact's attributes, groups and
--   score history).
-- Depends on: 70–74 (the mkt tables), 96 (persona_score_history).
--
-- Why: the mkt lists ordered only by id. A client expects names, titles,
-- dates and status, and a keyset page on any of them is an index range only
-- with an index ending in the tie-breaker, as 93 and 107 explain (the
-- single-column indexes of 70–73 serve filters, not keyset pages). A nullable
-- column is ordered by the list builder's NOT NULL expressions of it
-- (nullKeySql in lambdas/platform/lists/list-query.ts), so its stand-in here
-- is the builder's NULL_STAND_IN for its type;
-- test/integration/list-order-indexes.test.ts checks every list's orderable
-- columns against this catalog.
--
-- Not offered: mkt_con_ideas.priority. It is text ('low', 'medium', 'high'),
-- whose order (high, low, medium) is no priority order; filter it instead.
--
-- Plain CREATE INDEX, as in 93: a large table would want these built
-- CONCURRENTLY by hand before this file runs (IF NOT EXISTS then skips).

-- Seeded lookup tables: display order (sort_order) and name.
CREATE INDEX IF NOT EXISTS idx_mkt_segments_sort_order_id ON public.mkt_segments (sort_order, id);
CREATE INDEX IF NOT EXISTS idx_mkt_segments_name_id ON public.mkt_segments (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_channels_sort_order_id ON public.mkt_channels (sort_order, id);
CREATE INDEX IF NOT EXISTS idx_mkt_channels_name_id ON public.mkt_channels (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_categories_sort_order_id ON public.mkt_ndp_categories (sort_order, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_categories_name_id ON public.mkt_ndp_categories (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_types_sort_order_id ON public.mkt_con_types (sort_order, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_types_name_id ON public.mkt_con_types (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillar_types_sort_order_id ON public.mkt_con_pillar_types (sort_order, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillar_types_name_id ON public.mkt_con_pillar_types (name, id);

-- public.mkt_campaigns: name, status, created_at; start and end dates (nullable).
CREATE INDEX IF NOT EXISTS idx_mkt_campaigns_name_id ON public.mkt_campaigns (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_campaigns_status_id ON public.mkt_campaigns (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_campaigns_created_at_id ON public.mkt_campaigns (created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_campaigns_start_date_nulls_id
  ON public.mkt_campaigns ((start_date IS NULL), COALESCE(start_date, '1970-01-01'::date), id);
CREATE INDEX IF NOT EXISTS idx_mkt_campaigns_end_date_nulls_id
  ON public.mkt_campaigns ((end_date IS NULL), COALESCE(end_date, '1970-01-01'::date), id);

-- public.mkt_ndp_topics: title, status, created_at; intensity (nullable smallint, ordered as integer).
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topics_title_id ON public.mkt_ndp_topics (title, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topics_status_id ON public.mkt_ndp_topics (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topics_created_at_id ON public.mkt_ndp_topics (created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topics_intensity_nulls_id
  ON public.mkt_ndp_topics ((intensity IS NULL), COALESCE(intensity, CAST(0 AS integer)), id);

-- public.mkt_ndp_topic_segments, within a topic: relevance, created_at.
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topic_segments_topic_relevance_id ON public.mkt_ndp_topic_segments (ndp_topic_id, relevance, id);
CREATE INDEX IF NOT EXISTS idx_mkt_ndp_topic_segments_topic_created_at_id ON public.mkt_ndp_topic_segments (ndp_topic_id, created_at, id);

-- public.mkt_con_pillars: title, status, created_at.
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillars_title_id ON public.mkt_con_pillars (title, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillars_status_id ON public.mkt_con_pillars (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillars_created_at_id ON public.mkt_con_pillars (created_at, id);

-- A pillar's content types (planned_count, created_at) and tags (created_at).
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillar_content_types_pillar_planned_count_id
  ON public.mkt_con_pillar_content_types (pillar_id, planned_count, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillar_content_types_pillar_created_at_id
  ON public.mkt_con_pillar_content_types (pillar_id, created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_pillar_tag_assignments_pillar_created_at_id
  ON public.mkt_con_pillar_tag_assignments (pillar_id, created_at, id);

-- public.mkt_con_ideas: title, status, created_at.
CREATE INDEX IF NOT EXISTS idx_mkt_con_ideas_title_id ON public.mkt_con_ideas (title, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_ideas_status_id ON public.mkt_con_ideas (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_ideas_created_at_id ON public.mkt_con_ideas (created_at, id);

-- public.mkt_con_content: title, status, created_at; published_at (nullable).
CREATE INDEX IF NOT EXISTS idx_mkt_con_content_title_id ON public.mkt_con_content (title, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_content_status_id ON public.mkt_con_content (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_content_created_at_id ON public.mkt_con_content (created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_content_published_at_nulls_id
  ON public.mkt_con_content ((published_at IS NULL), COALESCE(published_at, '1970-01-01T00:00:00Z'::timestamptz), id);

-- A piece's tags (created_at); the tags themselves by name and slug.
CREATE INDEX IF NOT EXISTS idx_mkt_con_tag_assignments_content_created_at_id
  ON public.mkt_con_tag_assignments (content_id, created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_tags_name_id ON public.mkt_con_tags (name, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_tags_slug_id ON public.mkt_con_tags (slug, id);

-- public.mkt_con_schedule: scheduled_for, status; published_at (nullable).
CREATE INDEX IF NOT EXISTS idx_mkt_con_schedule_scheduled_for_id ON public.mkt_con_schedule (scheduled_for, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_schedule_status_id ON public.mkt_con_schedule (status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_con_schedule_published_at_nulls_id
  ON public.mkt_con_schedule ((published_at IS NULL), COALESCE(published_at, '1970-01-01T00:00:00Z'::timestamptz), id);

-- public.mkt_persona_contacts: lifecycle_stage, created_at; full_name (nullable).
CREATE INDEX IF NOT EXISTS idx_mkt_persona_contacts_lifecycle_stage_id ON public.mkt_persona_contacts (lifecycle_stage, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_contacts_created_at_id ON public.mkt_persona_contacts (created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_contacts_full_name_nulls_id
  ON public.mkt_persona_contacts ((full_name IS NULL), COALESCE(full_name, ''::text), id);

-- A contact's attributes (attribute_key, created_at), group memberships (joined_at, status;
-- left_at, nullable) and score history (scored_at).
CREATE INDEX IF NOT EXISTS idx_mkt_persona_attributes_contact_key_id
  ON public.mkt_persona_attributes (persona_contact_id, attribute_key, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_attributes_contact_created_at_id
  ON public.mkt_persona_attributes (persona_contact_id, created_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_group_memberships_contact_joined_at_id
  ON public.mkt_persona_group_memberships (persona_contact_id, joined_at, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_group_memberships_contact_status_id
  ON public.mkt_persona_group_memberships (persona_contact_id, status, id);
CREATE INDEX IF NOT EXISTS idx_mkt_persona_group_memberships_contact_left_at_nulls_id
  ON public.mkt_persona_group_memberships
  (persona_contact_id, (left_at IS NULL), COALESCE(left_at, '1970-01-01T00:00:00Z'::timestamptz), id);
CREATE INDEX IF NOT EXISTS idx_persona_score_history_contact_scored_at_id
  ON marketing_ops.persona_score_history (persona_contact_id, scored_at, id);
