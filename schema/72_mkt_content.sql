-- 72_mkt_content.sql — mkt module, part 3 of 5: the content framework.
--
-- Creates (10 tables, public schema):
--   mkt_con_types                   content types (seeded: 24)
--   mkt_con_pillar_types            pillar types (seeded: 6)
--   mkt_con_pillars                 content pillars (core research topics), business code MPIL-010001
--   mkt_con_pillar_content_types    pillar -> content types it is repurposed into
--   mkt_con_ideas                   quick-capture content ideas
--   mkt_con_content                 master and repurposed content in one table, business code MCON-010001
--   mkt_con_tags                    tags, looked up by slug
--   mkt_con_tag_assignments         content -> tags
--   mkt_con_pillar_tag_assignments  pillar -> tags
--   mkt_con_schedule                content calendar: content x channel x time
-- and the deferred foreign keys
--   mkt_campaign_pillar_assignments.pillar_id   -> mkt_con_pillars (ON DELETE CASCADE)
--   mkt_campaign_content_assignments.content_id -> mkt_con_content (ON DELETE CASCADE)
--
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
-- 01 (profiles), 70_mkt_common.sql (mkt_segments, mkt_channels, mkt_campaigns and
-- the two campaign assignment tables above), 71_mkt_ndp.sql (mkt_ndp_topics).
--
-- Seed defects fixed here:
--   1. Seed 000 lists `mkt_con_pillar_types` twice: as "Pillar types (Research,
--      Case Study, ...)" and as "Pillar -> Content Types (many-to-many)". Two
--      tables cannot share a name, and the module is specified as 30 tables, so
--      both are needed. The name stays with the pillar TYPES — it is the one
--      that follows the module's naming (mkt_con_types = content types, so
--      mkt_con_pillar_types = pillar types) and the one the seed-data list
--      ("mkt_con_pillar_types — 6 pillar types") uses. The join gets its own
--      name, mkt_con_pillar_content_types (pillar -> content types), which keeps
--      the seed's intent and its position in the file.
--   2. Seed 000 gives 70's campaign -> pillar and campaign -> content assignment
--      tables REFERENCES to tables created only here. PostgreSQL needs a
--      referenced table to exist when the constraint is created, so 70 creates
--      the columns and indexes and this file adds the constraints with
--      ALTER TABLE ... ADD CONSTRAINT once the targets exist.
--
-- Master/repurposed content: one table with a self-reference. A master piece
-- (content_role 'master', no parent) is repurposed into channel-specific pieces
-- (content_role 'repurposed', parent = the master). A CHECK ties role to parent;
-- a trigger keeps the hierarchy one level deep (the parent must be a master).
-- Deleting a master that still has repurposed pieces is RESTRICTed: those
-- pieces may be scheduled or published, and silently deleting or orphaning them
-- would lose their provenance. Archive the master (status) instead.

-- ---------------------------------------------------------------------------
-- Content types.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_types (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  code               text NOT NULL,
  name               text NOT NULL,
  format             text NOT NULL,
  default_channel_id uuid REFERENCES public.mkt_channels (id) ON DELETE SET NULL,
  description        text,
  sort_order         integer NOT NULL DEFAULT 0,
  is_active          boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_types_code_key UNIQUE (code),
  CONSTRAINT mkt_con_types_name_key UNIQUE (name),
  CONSTRAINT mkt_con_types_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT mkt_con_types_format_check
    CHECK (format IN ('text', 'image', 'video', 'audio', 'document', 'interactive'))
);

CREATE INDEX idx_mkt_con_types_default_channel_id ON public.mkt_con_types (default_channel_id);
CREATE INDEX idx_mkt_con_types_format ON public.mkt_con_types (format);
CREATE INDEX idx_mkt_con_types_is_active ON public.mkt_con_types (is_active);

CREATE TRIGGER trg_mkt_con_types_updated_at
  BEFORE UPDATE ON public.mkt_con_types
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_types IS 'Content types (LinkedIn Post, Blog Article, Instagram Reel, ...).';

INSERT INTO public.mkt_con_types (code, name, format, default_channel_id, sort_order, description)
SELECT t.code, t.name, t.format, c.id, t.sort_order, t.description
FROM (VALUES
  ('linkedin_post', 'LinkedIn Post', 'text', 'linkedin', 10, 'Short post for owners, investors and agents.'),
  ('linkedin_article', 'LinkedIn Article', 'text', 'linkedin', 20, 'Long-form thought leadership on rental performance and the market.'),
  ('linkedin_carousel', 'LinkedIn Carousel', 'document', 'linkedin', 30, 'Swipeable PDF slides, e.g. "5 ways we raised an owner''s RevPAR".'),
  ('facebook_post', 'Facebook Post', 'text', 'facebook', 40, 'Post for owner communities and guest remarketing.'),
  ('instagram_post', 'Instagram Post', 'image', 'instagram', 50, 'Feed photo or gallery of a property or destination.'),
  ('instagram_reel', 'Instagram Reel', 'video', 'instagram', 60, 'Short vertical video: property walk-through, turnover, local tip.'),
  ('instagram_story', 'Instagram Story', 'image', 'instagram', 70, '24-hour story: availability, last-minute deals, behind the scenes.'),
  ('tiktok_video', 'TikTok Video', 'video', 'tiktok', 80, 'Short vertical video for guest inspiration and owner education.'),
  ('youtube_video', 'YouTube Video', 'video', 'youtube', 90, 'Long-form property tour or owner education video.'),
  ('blog_article', 'Blog Article', 'text', 'website', 100, 'SEO article on the website blog.'),
  ('landing_page', 'Landing Page', 'interactive', 'website', 110, 'Campaign landing page, e.g. free rental income estimate for owners.'),
  ('email_newsletter', 'Email Newsletter', 'text', 'email', 120, 'Regular newsletter to owners, investors or past guests.'),
  ('promotional_email', 'Promotional Email', 'text', 'email', 130, 'One-off offer, e.g. direct-booking discount for repeat guests.'),
  ('whatsapp_broadcast', 'WhatsApp Broadcast', 'text', 'whatsapp', 140, 'Message sent to a WhatsApp group or contact list.'),
  ('google_business_post', 'Google Business Post', 'text', 'google_business', 150, 'Update or offer on the Google Business Profile.'),
  ('listing_description', 'Listing Description', 'text', 'ota_listings', 160, 'Airbnb/Vrbo listing title and description copy.'),
  ('listing_photo_set', 'Listing Photo Set', 'image', 'ota_listings', 170, 'Ordered, captioned photo set for a listing.'),
  ('virtual_tour', 'Virtual Property Tour', 'video', 'website', 180, '3D or video walk-through of a managed property.'),
  ('guest_guidebook', 'Digital Guest Guidebook', 'document', 'website', 190, 'House manual and local recommendations for guests.'),
  ('market_report', 'Market Report', 'document', 'website', 200, 'Occupancy, ADR and regulation report for owners and investors.'),
  ('owner_guide', 'Owner Guide (eBook)', 'document', 'website', 210, 'Downloadable guide, e.g. "Preparing your home for short-term rental".'),
  ('webinar', 'Webinar', 'video', NULL, 220, 'Live or recorded session for owners, investors or agents.'),
  ('podcast_episode', 'Podcast Episode', 'audio', NULL, 230, 'Audio interview or discussion on hosting and investing.'),
  ('infographic', 'Infographic', 'image', NULL, 240, 'Visual summary of data, e.g. seasonal occupancy by area.')
) AS t (code, name, format, channel_code, sort_order, description)
LEFT JOIN public.mkt_channels c ON c.code = t.channel_code;

-- ---------------------------------------------------------------------------
-- Pillar types (keeps the seed's name; see header).
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_pillar_types (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  code        text NOT NULL,
  name        text NOT NULL,
  description text,
  sort_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_pillar_types_code_key UNIQUE (code),
  CONSTRAINT mkt_con_pillar_types_name_key UNIQUE (name),
  CONSTRAINT mkt_con_pillar_types_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$')
);

CREATE INDEX idx_mkt_con_pillar_types_is_active ON public.mkt_con_pillar_types (is_active);

CREATE TRIGGER trg_mkt_con_pillar_types_updated_at
  BEFORE UPDATE ON public.mkt_con_pillar_types
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_pillar_types IS 'Pillar types (Research, Case Study, ...). The pillar -> content type join is mkt_con_pillar_content_types.';

INSERT INTO public.mkt_con_pillar_types (code, name, sort_order, description) VALUES
  ('research', 'Research', 10, 'Original research, e.g. owner survey on what they expect from a manager.'),
  ('case_study', 'Case Study', 20, 'A managed property''s before/after: occupancy, nightly rate, reviews, owner income.'),
  ('how_to_guide', 'How-To Guide', 30, 'Practical guidance, e.g. furnishing for five-star reviews, licensing a rental.'),
  ('market_insight', 'Market Insight', 40, 'Data on demand, seasonality, pricing and regulation in our markets.'),
  ('thought_leadership', 'Thought Leadership', 50, 'Point of view on hospitality standards and the future of short-term rentals.'),
  ('destination_guide', 'Destination Guide', 60, 'Guest-facing guides to the areas our properties are in.');

-- ---------------------------------------------------------------------------
-- Pillars: core research topics content is built on. Type RESTRICT (a pillar
-- without its type loses meaning); research topic and segment are optional.
-- ---------------------------------------------------------------------------
CREATE SEQUENCE public.mkt_con_pillars_code_seq START 10001;

CREATE TABLE public.mkt_con_pillars (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  pillar_code        text NOT NULL DEFAULT public.next_business_id('MPIL', 'public.mkt_con_pillars_code_seq'),
  pillar_type_id     uuid NOT NULL REFERENCES public.mkt_con_pillar_types (id) ON DELETE RESTRICT,
  ndp_topic_id       uuid REFERENCES public.mkt_ndp_topics (id) ON DELETE SET NULL,
  primary_segment_id uuid REFERENCES public.mkt_segments (id) ON DELETE SET NULL,
  title              text NOT NULL,
  summary            text,
  core_message       text,
  status             text NOT NULL DEFAULT 'draft',
  owner_id           uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by         uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_pillars_pillar_code_key UNIQUE (pillar_code),
  CONSTRAINT mkt_con_pillars_pillar_code_format CHECK (pillar_code ~ '^MPIL-[0-9]{6,}$'),
  CONSTRAINT mkt_con_pillars_status_check
    CHECK (status IN ('draft', 'in_research', 'in_review', 'approved', 'published', 'archived'))
);

ALTER SEQUENCE public.mkt_con_pillars_code_seq OWNED BY public.mkt_con_pillars.pillar_code;

CREATE INDEX idx_mkt_con_pillars_pillar_type_id ON public.mkt_con_pillars (pillar_type_id);
CREATE INDEX idx_mkt_con_pillars_ndp_topic_id ON public.mkt_con_pillars (ndp_topic_id);
CREATE INDEX idx_mkt_con_pillars_primary_segment_id ON public.mkt_con_pillars (primary_segment_id);
CREATE INDEX idx_mkt_con_pillars_status ON public.mkt_con_pillars (status);
CREATE INDEX idx_mkt_con_pillars_owner_id ON public.mkt_con_pillars (owner_id);
CREATE INDEX idx_mkt_con_pillars_created_by ON public.mkt_con_pillars (created_by);

CREATE TRIGGER trg_mkt_con_pillars_updated_at
  BEFORE UPDATE ON public.mkt_con_pillars
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_pillars IS 'Content pillars: core research pieces that master content is built from.';

-- ---------------------------------------------------------------------------
-- Pillar -> content types (the seed's second "mkt_con_pillar_types"; see header).
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_pillar_content_types (
  id              uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  pillar_id       uuid NOT NULL REFERENCES public.mkt_con_pillars (id) ON DELETE CASCADE,
  content_type_id uuid NOT NULL REFERENCES public.mkt_con_types (id) ON DELETE CASCADE,
  planned_count   smallint NOT NULL DEFAULT 1,
  created_by      uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_pillar_content_types_pair_key UNIQUE (pillar_id, content_type_id),
  CONSTRAINT mkt_con_pillar_content_types_planned_count_check CHECK (planned_count >= 0)
);

CREATE INDEX idx_mkt_con_pillar_content_types_content_type_id ON public.mkt_con_pillar_content_types (content_type_id);
CREATE INDEX idx_mkt_con_pillar_content_types_created_by ON public.mkt_con_pillar_content_types (created_by);

COMMENT ON TABLE public.mkt_con_pillar_content_types IS 'Pillar -> content types it is planned to be repurposed into (many-to-many).';

-- ---------------------------------------------------------------------------
-- Ideas: quick capture; every link optional.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_ideas (
  id              uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  title           text NOT NULL,
  description     text,
  ndp_topic_id    uuid REFERENCES public.mkt_ndp_topics (id) ON DELETE SET NULL,
  pillar_id       uuid REFERENCES public.mkt_con_pillars (id) ON DELETE SET NULL,
  content_type_id uuid REFERENCES public.mkt_con_types (id) ON DELETE SET NULL,
  segment_id      uuid REFERENCES public.mkt_segments (id) ON DELETE SET NULL,
  source          text NOT NULL DEFAULT 'team',
  priority        text NOT NULL DEFAULT 'medium',
  status          text NOT NULL DEFAULT 'new',
  submitted_by    uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_ideas_source_check CHECK (source IN (
    'team', 'owner_question', 'guest_review', 'guest_question', 'social_listening',
    'competitor', 'ai_suggestion', 'other')),
  CONSTRAINT mkt_con_ideas_priority_check CHECK (priority IN ('low', 'medium', 'high')),
  CONSTRAINT mkt_con_ideas_status_check
    CHECK (status IN ('new', 'under_review', 'approved', 'in_production', 'used', 'rejected'))
);

CREATE INDEX idx_mkt_con_ideas_ndp_topic_id ON public.mkt_con_ideas (ndp_topic_id);
CREATE INDEX idx_mkt_con_ideas_pillar_id ON public.mkt_con_ideas (pillar_id);
CREATE INDEX idx_mkt_con_ideas_content_type_id ON public.mkt_con_ideas (content_type_id);
CREATE INDEX idx_mkt_con_ideas_segment_id ON public.mkt_con_ideas (segment_id);
CREATE INDEX idx_mkt_con_ideas_status ON public.mkt_con_ideas (status);
CREATE INDEX idx_mkt_con_ideas_priority ON public.mkt_con_ideas (priority);
CREATE INDEX idx_mkt_con_ideas_submitted_by ON public.mkt_con_ideas (submitted_by);

CREATE TRIGGER trg_mkt_con_ideas_updated_at
  BEFORE UPDATE ON public.mkt_con_ideas
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_ideas IS 'Content ideas (quick capture) before they become content.';

-- ---------------------------------------------------------------------------
-- Content: master and repurposed pieces in one table (see header).
-- ---------------------------------------------------------------------------
CREATE SEQUENCE public.mkt_con_content_code_seq START 10001;

CREATE TABLE public.mkt_con_content (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_code      text NOT NULL DEFAULT public.next_business_id('MCON', 'public.mkt_con_content_code_seq'),
  content_role      text NOT NULL DEFAULT 'master',
  parent_content_id uuid REFERENCES public.mkt_con_content (id) ON DELETE RESTRICT,
  content_type_id   uuid NOT NULL REFERENCES public.mkt_con_types (id) ON DELETE RESTRICT,
  pillar_id         uuid REFERENCES public.mkt_con_pillars (id) ON DELETE SET NULL,
  ndp_topic_id      uuid REFERENCES public.mkt_ndp_topics (id) ON DELETE SET NULL,
  segment_id        uuid REFERENCES public.mkt_segments (id) ON DELETE SET NULL,
  source_idea_id    uuid REFERENCES public.mkt_con_ideas (id) ON DELETE SET NULL,
  title             text NOT NULL,
  summary           text,
  body              text,
  call_to_action    text,
  media_url         text,
  language          text NOT NULL DEFAULT 'en',
  status            text NOT NULL DEFAULT 'draft',
  published_at      timestamptz,
  author_id         uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by        uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_content_content_code_key UNIQUE (content_code),
  CONSTRAINT mkt_con_content_content_code_format CHECK (content_code ~ '^MCON-[0-9]{6,}$'),
  CONSTRAINT mkt_con_content_role_check CHECK (
    (content_role = 'master' AND parent_content_id IS NULL)
    OR (content_role = 'repurposed' AND parent_content_id IS NOT NULL AND parent_content_id <> id)),
  CONSTRAINT mkt_con_content_status_check
    CHECK (status IN ('draft', 'in_review', 'approved', 'scheduled', 'published', 'archived')),
  CONSTRAINT mkt_con_content_language_check CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$')
);

ALTER SEQUENCE public.mkt_con_content_code_seq OWNED BY public.mkt_con_content.content_code;

CREATE INDEX idx_mkt_con_content_parent_content_id ON public.mkt_con_content (parent_content_id);
CREATE INDEX idx_mkt_con_content_content_type_id ON public.mkt_con_content (content_type_id);
CREATE INDEX idx_mkt_con_content_pillar_id ON public.mkt_con_content (pillar_id);
CREATE INDEX idx_mkt_con_content_ndp_topic_id ON public.mkt_con_content (ndp_topic_id);
CREATE INDEX idx_mkt_con_content_segment_id ON public.mkt_con_content (segment_id);
CREATE INDEX idx_mkt_con_content_source_idea_id ON public.mkt_con_content (source_idea_id);
CREATE INDEX idx_mkt_con_content_content_role ON public.mkt_con_content (content_role);
CREATE INDEX idx_mkt_con_content_status ON public.mkt_con_content (status);
CREATE INDEX idx_mkt_con_content_published_at ON public.mkt_con_content (published_at);
CREATE INDEX idx_mkt_con_content_author_id ON public.mkt_con_content (author_id);
CREATE INDEX idx_mkt_con_content_created_by ON public.mkt_con_content (created_by);

-- Keeps the hierarchy one level deep: a repurposed piece's parent must be a
-- master, and a master with repurposed children cannot itself become
-- repurposed. FOR SHARE on the parent blocks a concurrent change of its role
-- (and conflicts with the row lock such a change takes), so two transactions
-- cannot each pass the check and together break the rule.
CREATE FUNCTION public.mkt_con_content_enforce_hierarchy()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  parent_role text;
BEGIN
  IF NEW.parent_content_id IS NOT NULL THEN
    SELECT p.content_role INTO parent_role
    FROM public.mkt_con_content p
    WHERE p.id = NEW.parent_content_id
    FOR SHARE;
    IF FOUND AND parent_role <> 'master' THEN
      RAISE EXCEPTION 'repurposed content must derive from master content; % is itself repurposed',
        NEW.parent_content_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'mkt_con_content_parent_is_master';
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.content_role = 'repurposed' AND OLD.content_role = 'master'
     AND EXISTS (SELECT 1 FROM public.mkt_con_content c WHERE c.parent_content_id = NEW.id) THEN
    RAISE EXCEPTION 'content % has repurposed pieces and must stay master', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'mkt_con_content_parent_is_master';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_mkt_con_content_hierarchy
  BEFORE INSERT OR UPDATE OF content_role, parent_content_id ON public.mkt_con_content
  FOR EACH ROW EXECUTE FUNCTION public.mkt_con_content_enforce_hierarchy();

CREATE TRIGGER trg_mkt_con_content_updated_at
  BEFORE UPDATE ON public.mkt_con_content
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_content IS 'Master content and the pieces repurposed from it (parent_content_id -> master).';

-- ---------------------------------------------------------------------------
-- Tags and tag assignments. Join rows: CASCADE with either side.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_tags (
  id         uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  slug       text NOT NULL,
  name       text NOT NULL,
  tag_group  text NOT NULL DEFAULT 'topic',
  created_by uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_tags_slug_key UNIQUE (slug),
  CONSTRAINT mkt_con_tags_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  CONSTRAINT mkt_con_tags_tag_group_check
    CHECK (tag_group IN ('topic', 'audience', 'location', 'season', 'property_type', 'format'))
);

CREATE INDEX idx_mkt_con_tags_tag_group ON public.mkt_con_tags (tag_group);
CREATE INDEX idx_mkt_con_tags_created_by ON public.mkt_con_tags (created_by);

CREATE TRIGGER trg_mkt_con_tags_updated_at
  BEFORE UPDATE ON public.mkt_con_tags
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

CREATE TABLE public.mkt_con_tag_assignments (
  id         uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_id uuid NOT NULL REFERENCES public.mkt_con_content (id) ON DELETE CASCADE,
  tag_id     uuid NOT NULL REFERENCES public.mkt_con_tags (id) ON DELETE CASCADE,
  created_by uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_tag_assignments_pair_key UNIQUE (content_id, tag_id)
);

CREATE INDEX idx_mkt_con_tag_assignments_tag_id ON public.mkt_con_tag_assignments (tag_id);
CREATE INDEX idx_mkt_con_tag_assignments_created_by ON public.mkt_con_tag_assignments (created_by);

CREATE TABLE public.mkt_con_pillar_tag_assignments (
  id         uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  pillar_id  uuid NOT NULL REFERENCES public.mkt_con_pillars (id) ON DELETE CASCADE,
  tag_id     uuid NOT NULL REFERENCES public.mkt_con_tags (id) ON DELETE CASCADE,
  created_by uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_pillar_tag_assignments_pair_key UNIQUE (pillar_id, tag_id)
);

CREATE INDEX idx_mkt_con_pillar_tag_assignments_tag_id ON public.mkt_con_pillar_tag_assignments (tag_id);
CREATE INDEX idx_mkt_con_pillar_tag_assignments_created_by ON public.mkt_con_pillar_tag_assignments (created_by);

-- ---------------------------------------------------------------------------
-- Schedule: one row per planned publication of a piece on a channel. A slot is
-- detail of its content (CASCADE); the channel RESTRICTs (deactivate channels);
-- the campaign link is optional (SET NULL).
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_con_schedule (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_id        uuid NOT NULL REFERENCES public.mkt_con_content (id) ON DELETE CASCADE,
  channel_id        uuid NOT NULL REFERENCES public.mkt_channels (id) ON DELETE RESTRICT,
  campaign_id       uuid REFERENCES public.mkt_campaigns (id) ON DELETE SET NULL,
  scheduled_for     timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'scheduled',
  published_at      timestamptz,
  external_post_id  text,
  external_post_url text,
  failure_reason    text,
  assigned_to       uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by        uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_con_schedule_slot_key UNIQUE (content_id, channel_id, scheduled_for),
  CONSTRAINT mkt_con_schedule_status_check
    CHECK (status IN ('scheduled', 'published', 'failed', 'cancelled')),
  CONSTRAINT mkt_con_schedule_published_check CHECK (status <> 'published' OR published_at IS NOT NULL)
);

CREATE INDEX idx_mkt_con_schedule_channel_id ON public.mkt_con_schedule (channel_id);
CREATE INDEX idx_mkt_con_schedule_campaign_id ON public.mkt_con_schedule (campaign_id);
CREATE INDEX idx_mkt_con_schedule_scheduled_for ON public.mkt_con_schedule (scheduled_for);
CREATE INDEX idx_mkt_con_schedule_status ON public.mkt_con_schedule (status);
CREATE INDEX idx_mkt_con_schedule_published_at ON public.mkt_con_schedule (published_at);
CREATE INDEX idx_mkt_con_schedule_assigned_to ON public.mkt_con_schedule (assigned_to);
CREATE INDEX idx_mkt_con_schedule_created_by ON public.mkt_con_schedule (created_by);

CREATE TRIGGER trg_mkt_con_schedule_updated_at
  BEFORE UPDATE ON public.mkt_con_schedule
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_con_schedule IS 'Content calendar: when a piece goes out on which channel, optionally for a campaign.';

-- ---------------------------------------------------------------------------
-- Deferred from 70 (see header).
-- ---------------------------------------------------------------------------
ALTER TABLE public.mkt_campaign_pillar_assignments
  ADD CONSTRAINT mkt_campaign_pillar_assignments_pillar_id_fkey
  FOREIGN KEY (pillar_id) REFERENCES public.mkt_con_pillars (id) ON DELETE CASCADE;

ALTER TABLE public.mkt_campaign_content_assignments
  ADD CONSTRAINT mkt_campaign_content_assignments_content_id_fkey
  FOREIGN KEY (content_id) REFERENCES public.mkt_con_content (id) ON DELETE CASCADE;
