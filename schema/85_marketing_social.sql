-- 85_marketing_social.sql — social accounts, posts and their metrics (seed 001
-- tables 14–17).
--
-- Creates: sequences marketing.social_accounts_business_id_seq,
--   marketing.social_posts_business_id_seq; marketing.social_accounts,
--   marketing.social_posts, marketing.social_analytics,
--   marketing.social_account_metrics.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties), 81 (marketing.content), 84 (marketing.campaigns).
-- Created before the calendars (86): calendar_items.published_post_id
-- references social_posts.
--
-- Choices and seed notes:
--   * social_account_id (SA-NNNNNN) and social_post_id (SP-NNNNNN) come from
--     their own sequences starting at 10001; unique through the named
--     indexes idx_sa_id / idx_sp_id (UNIQUE constraints of those names).
--   * "UNIQUE (property_id, platform) WHERE property_id IS NOT NULL" cannot be
--     a table constraint (constraints have no WHERE); it is the partial unique
--     index uq_social_accounts_property_platform: one account per platform per
--     property, any number of company-wide (property_id NULL) accounts.
--   * The descriptions list fewer values than the CHECK lists (platform: 4 of
--     7, post_type: 4 of 6); the CHECK lists are authoritative.
--   * access_token holds the token already encrypted by the API (KMS); the
--     database never sees it in clear text.
--   * social_analytics.post_id and social_account_metrics.account_id lead
--     their UNIQUE (..., metric_date) indexes, which serve those FKs; other FK
--     columns without a named index get idx_<table>_<column>.
--   * The metrics tables have no updated_at in the seed, so no trigger.

CREATE SEQUENCE marketing.social_accounts_business_id_seq START WITH 10001;
CREATE SEQUENCE marketing.social_posts_business_id_seq START WITH 10001;

-- 14. Social media accounts (company and property level).
CREATE TABLE marketing.social_accounts (
  id                   uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  social_account_id    text NOT NULL DEFAULT public.next_business_id('SA', 'marketing.social_accounts_business_id_seq'),
  property_id          uuid REFERENCES property.properties (id) ON DELETE CASCADE,
  platform             text NOT NULL,
  account_name         text NOT NULL,
  handle               text,
  profile_url          text,
  external_account_id  text,
  access_token         text,
  token_expires_at     timestamptz,
  follower_count       integer DEFAULT 0,
  following_count      integer DEFAULT 0,
  post_count           integer DEFAULT 0,
  status               text DEFAULT 'active',
  last_synced_at       timestamptz,
  created_at           timestamptz DEFAULT now(),
  updated_at           timestamptz DEFAULT now(),
  CONSTRAINT idx_sa_id UNIQUE (social_account_id),
  CONSTRAINT social_accounts_platform_check CHECK (platform IN
    ('instagram', 'facebook', 'tiktok', 'youtube', 'twitter', 'linkedin', 'pinterest'))
);

ALTER SEQUENCE marketing.social_accounts_business_id_seq OWNED BY marketing.social_accounts.social_account_id;

COMMENT ON TABLE marketing.social_accounts IS
  'Social media accounts (property_id NULL = company-wide). access_token is stored encrypted.';
COMMENT ON COLUMN marketing.social_accounts.access_token IS 'Encrypted (KMS) by the API before storage; never returned.';

CREATE UNIQUE INDEX uq_social_accounts_property_platform
  ON marketing.social_accounts (property_id, platform) WHERE property_id IS NOT NULL;
CREATE INDEX idx_sa_property ON marketing.social_accounts (property_id);
CREATE INDEX idx_sa_platform ON marketing.social_accounts (platform);

CREATE TRIGGER trg_social_accounts_updated_at
  BEFORE UPDATE ON marketing.social_accounts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 15. Social media posts (scheduled and published).
CREATE TABLE marketing.social_posts (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  social_post_id    text NOT NULL DEFAULT public.next_business_id('SP', 'marketing.social_posts_business_id_seq'),
  account_id        uuid NOT NULL REFERENCES marketing.social_accounts (id) ON DELETE CASCADE,
  campaign_id       uuid REFERENCES marketing.campaigns (id) ON DELETE SET NULL,
  content_id        uuid REFERENCES marketing.content (id) ON DELETE SET NULL,
  post_type         text NOT NULL,
  caption           text,
  media_urls        text[],
  hashtags          text[],
  mentions          text[],
  link_url          text,
  location_tag      text,
  scheduled_at      timestamptz,
  published_at      timestamptz,
  external_post_id  text,
  external_url      text,
  status            text DEFAULT 'draft',
  ai_generated      boolean DEFAULT false,
  approval_status   text,
  approved_by       text,
  created_by        text,
  created_at        timestamptz DEFAULT now(),
  updated_at        timestamptz DEFAULT now(),
  CONSTRAINT idx_sp_id UNIQUE (social_post_id),
  CONSTRAINT social_posts_post_type_check CHECK (post_type IN
    ('post', 'story', 'reel', 'video', 'carousel', 'live')),
  CONSTRAINT social_posts_status_check CHECK (status IN
    ('draft', 'scheduled', 'publishing', 'published', 'failed', 'deleted'))
);

ALTER SEQUENCE marketing.social_posts_business_id_seq OWNED BY marketing.social_posts.social_post_id;

COMMENT ON TABLE marketing.social_posts IS 'Social media posts, scheduled and published.';

CREATE INDEX idx_sp_account ON marketing.social_posts (account_id);
CREATE INDEX idx_sp_scheduled ON marketing.social_posts (scheduled_at);
CREATE INDEX idx_social_posts_campaign_id ON marketing.social_posts (campaign_id);
CREATE INDEX idx_social_posts_content_id ON marketing.social_posts (content_id);

CREATE TRIGGER trg_social_posts_updated_at
  BEFORE UPDATE ON marketing.social_posts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 16. Performance metrics for social posts (one row per post per day).
CREATE TABLE marketing.social_analytics (
  id                  uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  post_id             uuid NOT NULL REFERENCES marketing.social_posts (id) ON DELETE CASCADE,
  metric_date         date NOT NULL,
  impressions         integer DEFAULT 0,
  reach               integer DEFAULT 0,
  engagement          integer DEFAULT 0,
  likes               integer DEFAULT 0,
  comments            integer DEFAULT 0,
  shares              integer DEFAULT 0,
  saves               integer DEFAULT 0,
  clicks              integer DEFAULT 0,
  video_views         integer DEFAULT 0,
  watch_time_seconds  integer DEFAULT 0,
  engagement_rate     numeric(5,4),
  created_at          timestamptz DEFAULT now(),
  CONSTRAINT social_analytics_post_id_metric_date_key UNIQUE (post_id, metric_date)
);

COMMENT ON TABLE marketing.social_analytics IS 'Performance metrics for social posts, one row per post per day.';

-- 17. Account-level social metrics over time (one row per account per day).
CREATE TABLE marketing.social_account_metrics (
  id               uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  account_id       uuid NOT NULL REFERENCES marketing.social_accounts (id) ON DELETE CASCADE,
  metric_date      date NOT NULL,
  follower_count   integer DEFAULT 0,
  follower_change  integer DEFAULT 0,
  following_count  integer DEFAULT 0,
  post_count       integer DEFAULT 0,
  impressions      integer DEFAULT 0,
  reach            integer DEFAULT 0,
  profile_views    integer DEFAULT 0,
  website_clicks   integer DEFAULT 0,
  engagement_rate  numeric(5,4),
  created_at       timestamptz DEFAULT now(),
  CONSTRAINT social_account_metrics_account_id_metric_date_key UNIQUE (account_id, metric_date)
);

COMMENT ON TABLE marketing.social_account_metrics IS 'Account-level social metrics over time, one row per account per day.';
