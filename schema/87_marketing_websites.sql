-- 87_marketing_websites.sql — company and property websites and their pages
-- (seed 001 tables 18–19).
--
-- Creates: sequence marketing.websites_business_id_seq; marketing.websites,
--   marketing.website_pages.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties), 81 (marketing.content).
--
-- Choices and seed notes:
--   * website_id (WEB-NNNNNN) from its own sequence starting at 10001; unique
--     through the named index idx_web_id (a UNIQUE constraint of that name).
--   * website_pages: UNIQUE (website_id, page_path) — a path once per site;
--     it also serves the website_id FK. content_id gets
--     idx_website_pages_content_id, websites.property_id
--     idx_websites_property_id.
--   * websites.last_updated_at ("content last updated") is a business field
--     set by whoever publishes, unlike updated_at (row change, trigger).

CREATE SEQUENCE marketing.websites_business_id_seq START WITH 10001;

-- 18. Company and property websites.
CREATE TABLE marketing.websites (
  id               uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  website_id       text NOT NULL DEFAULT public.next_business_id('WEB', 'marketing.websites_business_id_seq'),
  property_id      uuid REFERENCES property.properties (id) ON DELETE SET NULL,
  website_name     text NOT NULL,
  domain           text,
  platform         text,
  analytics_id     text,
  status           text DEFAULT 'active',
  ssl_status       text,
  last_updated_at  timestamptz,
  created_at       timestamptz DEFAULT now(),
  updated_at       timestamptz DEFAULT now(),
  CONSTRAINT idx_web_id UNIQUE (website_id)
);

ALTER SEQUENCE marketing.websites_business_id_seq OWNED BY marketing.websites.website_id;

COMMENT ON TABLE marketing.websites IS 'Company and property websites (property_id NULL = company).';

CREATE INDEX idx_websites_property_id ON marketing.websites (property_id);

CREATE TRIGGER trg_websites_updated_at
  BEFORE UPDATE ON marketing.websites
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 19. Individual pages on websites.
CREATE TABLE marketing.website_pages (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  website_id        uuid NOT NULL REFERENCES marketing.websites (id) ON DELETE CASCADE,
  content_id        uuid REFERENCES marketing.content (id) ON DELETE SET NULL,
  page_path         text NOT NULL,
  page_title        text NOT NULL,
  meta_description  text,
  meta_keywords     text[],
  page_type         text,
  status            text DEFAULT 'draft',
  published_at      timestamptz,
  page_views        integer DEFAULT 0,
  conversions       integer DEFAULT 0,
  created_at        timestamptz DEFAULT now(),
  updated_at        timestamptz DEFAULT now(),
  CONSTRAINT website_pages_website_id_page_path_key UNIQUE (website_id, page_path)
);

COMMENT ON TABLE marketing.website_pages IS 'Individual pages on websites; a path appears once per website.';

CREATE INDEX idx_website_pages_content_id ON marketing.website_pages (content_id);

CREATE TRIGGER trg_website_pages_updated_at
  BEFORE UPDATE ON marketing.website_pages
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
