-- 86_marketing_calendars.sql — content strategy, content calendars and calendar
-- items (seed 001 tables 7–9).
--
-- Creates: sequences marketing.content_strategy_business_id_seq,
--   marketing.content_calendars_business_id_seq,
--   marketing.calendar_items_business_id_seq; marketing.content_strategy,
--   marketing.content_calendars, marketing.calendar_items.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties, directory.contacts), 81 (marketing.content),
--   82 (marketing.content_library), 84 (marketing.campaigns),
--   85 (marketing.social_posts).
--
-- Choices and seed notes:
--   * The seed numbers these tables 7–9, before campaigns (10) and social
--     posts (15), yet content_calendars.campaign_id and
--     calendar_items.published_post_id reference those. A REFERENCES needs
--     its table to exist, so this file comes after 84 and 85; no cycle
--     arises, so no FK has to be added later with ALTER TABLE.
--   * strategy_id (STRAT-NNNNNN), calendar_id (CAL-NNNNNN) and
--     calendar_item_id (CI-NNNNNN) come from their own sequences starting at
--     10001. calendar_id / calendar_item_id are unique through the named
--     indexes idx_cal_id / idx_ci_id; the seed names no index for strategy_id,
--     so its UNIQUE constraint keeps PostgreSQL's default name.
--   * calendar_items.content_type ("post, story, reel, blog") and platform
--     have no CHECK in the seed, so none is added.
--   * FK columns without a named index get idx_<table>_<column>.

CREATE SEQUENCE marketing.content_strategy_business_id_seq START WITH 10001;
CREATE SEQUENCE marketing.content_calendars_business_id_seq START WITH 10001;
CREATE SEQUENCE marketing.calendar_items_business_id_seq START WITH 10001;

-- 7. Content strategy per property.
CREATE TABLE marketing.content_strategy (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  strategy_id        text NOT NULL DEFAULT public.next_business_id('STRAT', 'marketing.content_strategy_business_id_seq'),
  property_id        uuid NOT NULL REFERENCES property.properties (id) ON DELETE CASCADE,
  strategy_name      text NOT NULL,
  goals              jsonb,
  themes             text[],
  posting_frequency  jsonb,
  target_audience    text,
  tone_guidelines    text,
  status             text DEFAULT 'draft',
  effective_date     date,
  review_date        date,
  created_by         text,
  created_at         timestamptz DEFAULT now(),
  updated_at         timestamptz DEFAULT now(),
  CONSTRAINT content_strategy_strategy_id_key UNIQUE (strategy_id)
);

ALTER SEQUENCE marketing.content_strategy_business_id_seq OWNED BY marketing.content_strategy.strategy_id;

COMMENT ON TABLE marketing.content_strategy IS 'Content strategy per property: themes, posting frequency, goals.';

CREATE INDEX idx_content_strategy_property_id ON marketing.content_strategy (property_id);

CREATE TRIGGER trg_content_strategy_updated_at
  BEFORE UPDATE ON marketing.content_strategy
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 8. Content calendars for planning and scheduling.
CREATE TABLE marketing.content_calendars (
  id                   uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  calendar_id          text NOT NULL DEFAULT public.next_business_id('CAL', 'marketing.content_calendars_business_id_seq'),
  property_id          uuid REFERENCES property.properties (id) ON DELETE SET NULL,
  content_strategy_id  uuid REFERENCES marketing.content_strategy (id) ON DELETE SET NULL,
  campaign_id          uuid REFERENCES marketing.campaigns (id) ON DELETE SET NULL,
  calendar_name        text NOT NULL,
  calendar_type        text,
  start_date           date,
  end_date             date,
  status               text DEFAULT 'active',
  created_at           timestamptz DEFAULT now(),
  updated_at           timestamptz DEFAULT now(),
  CONSTRAINT idx_cal_id UNIQUE (calendar_id)
);

ALTER SEQUENCE marketing.content_calendars_business_id_seq OWNED BY marketing.content_calendars.calendar_id;

COMMENT ON TABLE marketing.content_calendars IS 'Content calendars for planning and scheduling (property_id NULL = company).';

CREATE INDEX idx_cal_property ON marketing.content_calendars (property_id);
CREATE INDEX idx_content_calendars_content_strategy_id ON marketing.content_calendars (content_strategy_id);
CREATE INDEX idx_content_calendars_campaign_id ON marketing.content_calendars (campaign_id);

CREATE TRIGGER trg_content_calendars_updated_at
  BEFORE UPDATE ON marketing.content_calendars
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 9. Individual items on content calendars.
CREATE TABLE marketing.calendar_items (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  calendar_item_id   text NOT NULL DEFAULT public.next_business_id('CI', 'marketing.calendar_items_business_id_seq'),
  calendar_id        uuid NOT NULL REFERENCES marketing.content_calendars (id) ON DELETE CASCADE,
  content_id         uuid REFERENCES marketing.content (id) ON DELETE SET NULL,
  library_asset_id   uuid REFERENCES marketing.content_library (id) ON DELETE SET NULL,
  published_post_id  uuid REFERENCES marketing.social_posts (id) ON DELETE SET NULL,
  owner_contact_id   uuid REFERENCES directory.contacts (id) ON DELETE SET NULL,
  title              text NOT NULL,
  description        text,
  content_type       text,
  platform           text,
  scheduled_date     date NOT NULL,
  scheduled_time     time,
  status             text DEFAULT 'planned',
  priority           text DEFAULT 'normal',
  tags               text[],
  created_at         timestamptz DEFAULT now(),
  updated_at         timestamptz DEFAULT now(),
  CONSTRAINT idx_ci_id UNIQUE (calendar_item_id)
);

ALTER SEQUENCE marketing.calendar_items_business_id_seq OWNED BY marketing.calendar_items.calendar_item_id;

COMMENT ON TABLE marketing.calendar_items IS 'Individual items on content calendars.';

CREATE INDEX idx_ci_calendar ON marketing.calendar_items (calendar_id);
CREATE INDEX idx_ci_scheduled ON marketing.calendar_items (scheduled_date);
CREATE INDEX idx_calendar_items_content_id ON marketing.calendar_items (content_id);
CREATE INDEX idx_calendar_items_library_asset_id ON marketing.calendar_items (library_asset_id);
CREATE INDEX idx_calendar_items_published_post_id ON marketing.calendar_items (published_post_id);
CREATE INDEX idx_calendar_items_owner_contact_id ON marketing.calendar_items (owner_contact_id);

CREATE TRIGGER trg_calendar_items_updated_at
  BEFORE UPDATE ON marketing.calendar_items
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
