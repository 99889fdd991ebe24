-- 71_mkt_ndp.sql — mkt module, part 2 of 5: NDP (Need / Desire / Pain)
-- research. Research comes before content: topics capture the ideal customer's
-- own language, and pillars and content (72) are built on them.
--
-- Creates (3 tables, public schema):
--   mkt_ndp_categories      NDP categories (seeded: 6)
--   mkt_ndp_topics          research topics in ICP language, business code MNDP-010001
--   mkt_ndp_topic_segments  topic -> segments
-- and the deferred foreign key
--   mkt_campaign_ndp_assignments.ndp_topic_id -> mkt_ndp_topics (ON DELETE CASCADE)
--
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
-- 01 (profiles), 70_mkt_common.sql (mkt_segments, mkt_campaign_ndp_assignments).
--
-- Seed defect fixed here: seed 000 creates mkt_campaign_ndp_assignments (in 70)
-- with a REFERENCES to mkt_ndp_topics, which does not exist until this file;
-- PostgreSQL checks that a referenced table exists when the constraint is
-- created, not when rows arrive. 70 creates the column and its index; the
-- constraint is added below, once mkt_ndp_topics exists.

-- ---------------------------------------------------------------------------
-- Categories. RESTRICT from topics: a topic without its category is meaningless.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_ndp_categories (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  code        text NOT NULL,
  name        text NOT NULL,
  description text,
  sort_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_ndp_categories_code_key UNIQUE (code),
  CONSTRAINT mkt_ndp_categories_name_key UNIQUE (name),
  CONSTRAINT mkt_ndp_categories_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$')
);

CREATE INDEX idx_mkt_ndp_categories_is_active ON public.mkt_ndp_categories (is_active);

CREATE TRIGGER trg_mkt_ndp_categories_updated_at
  BEFORE UPDATE ON public.mkt_ndp_categories
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_ndp_categories IS 'NDP research categories: Need, Desire, Pain, Fear, Objection, Buying Trigger.';

INSERT INTO public.mkt_ndp_categories (code, name, sort_order, description) VALUES
  ('need', 'Need', 10,
   'What the stakeholder must have, e.g. an owner needs reliable cleaning turnovers and a monthly statement they can trust.'),
  ('desire', 'Desire', 20,
   'What they want beyond the essentials, e.g. higher nightly rates, five-star reviews, a hands-off second home.'),
  ('pain', 'Pain', 30,
   'What hurts today, e.g. late-night guest calls, empty weeks in shoulder season, damage disputes.'),
  ('fear', 'Fear', 40,
   'What they are afraid might happen, e.g. party bookings, losing control of the property, new local STR regulation.'),
  ('objection', 'Objection', 50,
   'Why they hesitate to buy, e.g. "management fees eat my profit", "nobody cares for my home like I do".'),
  ('buying_trigger', 'Buying Trigger', 60,
   'Events that make them act now, e.g. a bad guest review, relocating, buying a second property, a self-managed season that went wrong.');

-- ---------------------------------------------------------------------------
-- Topics: one research finding, phrased as the customer phrases it.
-- ---------------------------------------------------------------------------
CREATE SEQUENCE public.mkt_ndp_topics_code_seq START 10001;

CREATE TABLE public.mkt_ndp_topics (
  id               uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  topic_code       text NOT NULL DEFAULT public.next_business_id('MNDP', 'public.mkt_ndp_topics_code_seq'),
  category_id      uuid NOT NULL REFERENCES public.mkt_ndp_categories (id) ON DELETE RESTRICT,
  title            text NOT NULL,
  icp_statement    text NOT NULL,
  description      text,
  source           text NOT NULL DEFAULT 'internal',
  source_reference text,
  intensity        smallint,
  status           text NOT NULL DEFAULT 'draft',
  researched_by    uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by       uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_ndp_topics_topic_code_key UNIQUE (topic_code),
  CONSTRAINT mkt_ndp_topics_topic_code_format CHECK (topic_code ~ '^MNDP-[0-9]{6,}$'),
  CONSTRAINT mkt_ndp_topics_source_check CHECK (source IN (
    'owner_interview', 'guest_review', 'survey', 'sales_call', 'support_ticket',
    'social_listening', 'competitor_research', 'market_data', 'internal')),
  CONSTRAINT mkt_ndp_topics_intensity_check CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 5),
  CONSTRAINT mkt_ndp_topics_status_check CHECK (status IN ('draft', 'validated', 'archived'))
);

COMMENT ON COLUMN public.mkt_ndp_topics.icp_statement IS 'The need/desire/pain in the ideal customer''s own words (verbatim where possible).';
COMMENT ON COLUMN public.mkt_ndp_topics.intensity IS 'How strongly the ICP feels it, 1 (mild) to 5 (acute).';

CREATE INDEX idx_mkt_ndp_topics_category_id ON public.mkt_ndp_topics (category_id);
CREATE INDEX idx_mkt_ndp_topics_status ON public.mkt_ndp_topics (status);
CREATE INDEX idx_mkt_ndp_topics_source ON public.mkt_ndp_topics (source);
CREATE INDEX idx_mkt_ndp_topics_researched_by ON public.mkt_ndp_topics (researched_by);
CREATE INDEX idx_mkt_ndp_topics_created_by ON public.mkt_ndp_topics (created_by);

CREATE TRIGGER trg_mkt_ndp_topics_updated_at
  BEFORE UPDATE ON public.mkt_ndp_topics
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_ndp_topics IS 'NDP research topics in ICP language; the research that pillars and content are built on.';

-- ---------------------------------------------------------------------------
-- Topic -> segments (many-to-many). Join rows: CASCADE with either side.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_ndp_topic_segments (
  id           uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  ndp_topic_id uuid NOT NULL REFERENCES public.mkt_ndp_topics (id) ON DELETE CASCADE,
  segment_id   uuid NOT NULL REFERENCES public.mkt_segments (id) ON DELETE CASCADE,
  relevance    smallint NOT NULL DEFAULT 3,
  created_by   uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_ndp_topic_segments_pair_key UNIQUE (ndp_topic_id, segment_id),
  CONSTRAINT mkt_ndp_topic_segments_relevance_check CHECK (relevance BETWEEN 1 AND 5)
);

CREATE INDEX idx_mkt_ndp_topic_segments_segment_id ON public.mkt_ndp_topic_segments (segment_id);
CREATE INDEX idx_mkt_ndp_topic_segments_created_by ON public.mkt_ndp_topic_segments (created_by);

-- ---------------------------------------------------------------------------
-- Deferred from 70 (see header).
-- ---------------------------------------------------------------------------
ALTER TABLE public.mkt_campaign_ndp_assignments
  ADD CONSTRAINT mkt_campaign_ndp_assignments_ndp_topic_id_fkey
  FOREIGN KEY (ndp_topic_id) REFERENCES public.mkt_ndp_topics (id) ON DELETE CASCADE;
