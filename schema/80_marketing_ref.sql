-- 80_marketing_ref.sql — the `marketing` schema and its four reference tables
-- (seed 001, "Marketing Schema — Complete Table Map v4.1", tables 21–24).
--
-- Creates: schema marketing; marketing.ref_content_types, ref_social_platforms,
--   ref_campaign_types, ref_segment_criteria, each filled with its values.
-- Depends on: 00 (update_updated_at_column()).
--
-- Seed defect and the choice made here:
--   The seed says "24 tables", but specifies only 20 column by column; tables
--   21–24 are only named with a one-line purpose. They are designed here from
--   those purposes and from how the other tables use the values:
--     * ref_content_types    — codes = marketing.content.content_type CHECK list
--                              (8), with writing guidelines as jsonb.
--     * ref_social_platforms — codes = marketing.social_accounts.platform CHECK
--                              list (7), with the post types each supports and
--                              platform limits/config as jsonb.
--     * ref_campaign_types   — codes = marketing.campaigns.campaign_type CHECK
--                              list (6), with default channels and a template
--                              (default target_metrics keys) as jsonb.
--     * ref_segment_criteria — the fields a segment's `criteria` jsonb may
--                              filter on: code (the field name), data type,
--                              allowed operators, where the value comes from.
--   Every ref table has a text primary key `code` (the value the other tables
--   store), display_name, description, sort_order, is_active, created_at,
--   updated_at (+ the updated_at trigger).
--
--   The ref tables are deliberately NOT foreign-key targets of content_type,
--   platform or campaign_type: the seed gives those columns CHECK lists and no
--   FKs, and the schema mirrors the seed exactly. The CHECK lists stay the
--   enforcement; these tables carry the metadata (labels, guidelines, limits)
--   the API and UIs display. The integration tests assert that each ref table's
--   codes equal the matching CHECK list, so the two cannot drift apart.
--
--   Segment criteria jsonb shape the codes are meant for:
--     {"match": "all", "rules": [{"field": "total_stays", "op": "gte", "value": 2}]}
--   `field` is a ref_segment_criteria.code, `op` one of its operators.

CREATE SCHEMA IF NOT EXISTS marketing;

COMMENT ON SCHEMA marketing IS
  'Marketing operations: content, assets, calendars, campaigns, segments, social, websites, attribution (seed 001 v4.1).';

-- 21. Content type definitions with guidelines.
CREATE TABLE marketing.ref_content_types (
  code          text PRIMARY KEY,
  display_name  text NOT NULL,
  description   text,
  -- Writing guidance for humans and BENSON AI: word ranges, SEO needs, structure.
  guidelines    jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort_order    integer NOT NULL DEFAULT 0,
  is_active     boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE marketing.ref_content_types IS
  'Content type definitions with guidelines; codes mirror the marketing.content.content_type CHECK list.';

CREATE TRIGGER trg_ref_content_types_updated_at
  BEFORE UPDATE ON marketing.ref_content_types
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

INSERT INTO marketing.ref_content_types (code, display_name, description, guidelines, sort_order) VALUES
  ('blog', 'Blog post', 'Long-form article for the company or property blog.',
   '{"min_words": 600, "max_words": 2000, "requires_meta": true, "structure": ["headline", "intro", "sections", "cta"]}', 10),
  ('social', 'Social post', 'Short copy for a social media post.',
   '{"max_words": 80, "requires_meta": false, "hashtags": true}', 20),
  ('email', 'Email', 'Single email body for a campaign send.',
   '{"min_words": 80, "max_words": 400, "requires_subject": true, "structure": ["subject", "preheader", "body", "cta"]}', 30),
  ('landing', 'Landing page', 'Conversion-focused web page copy.',
   '{"min_words": 250, "max_words": 1200, "requires_meta": true, "structure": ["hero", "benefits", "social_proof", "cta"]}', 40),
  ('description', 'Property description', 'Listing description of a property for channels and the website.',
   '{"min_words": 120, "max_words": 500, "requires_meta": false}', 50),
  ('ad_copy', 'Ad copy', 'Headline and body text for paid ads.',
   '{"max_words": 60, "variants": 3}', 60),
  ('newsletter', 'Newsletter', 'Periodic multi-section email for subscribers.',
   '{"min_words": 300, "max_words": 1500, "requires_subject": true}', 70),
  ('guide', 'Guide', 'Local or property guide for guests (area, amenities, house rules).',
   '{"min_words": 500, "max_words": 3000, "requires_meta": true}', 80);

-- 22. Social platform configurations.
CREATE TABLE marketing.ref_social_platforms (
  code                  text PRIMARY KEY,
  display_name          text NOT NULL,
  description           text,
  -- Values of marketing.social_posts.post_type this platform accepts.
  supported_post_types  text[] NOT NULL DEFAULT '{}',
  max_caption_length    integer CHECK (max_caption_length > 0),
  max_hashtags          integer CHECK (max_hashtags >= 0),
  -- Integration settings: API family, media rules, recommended aspect ratios.
  config                jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort_order            integer NOT NULL DEFAULT 0,
  is_active             boolean NOT NULL DEFAULT true,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ref_social_platforms_post_types_check CHECK (
    supported_post_types <@ ARRAY['post', 'story', 'reel', 'video', 'carousel', 'live']::text[]
  )
);

COMMENT ON TABLE marketing.ref_social_platforms IS
  'Social platform configurations; codes mirror the marketing.social_accounts.platform CHECK list.';

CREATE TRIGGER trg_ref_social_platforms_updated_at
  BEFORE UPDATE ON marketing.ref_social_platforms
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

INSERT INTO marketing.ref_social_platforms
  (code, display_name, description, supported_post_types, max_caption_length, max_hashtags, config, sort_order) VALUES
  ('instagram', 'Instagram', 'Meta Instagram business account.',
   '{post,story,reel,carousel,live}', 2200, 30,
   '{"api": "meta_graph", "aspect_ratios": ["1:1", "4:5", "9:16"], "max_carousel_items": 10}', 10),
  ('facebook', 'Facebook', 'Meta Facebook page.',
   '{post,story,reel,video,carousel,live}', 63206, 30,
   '{"api": "meta_graph", "aspect_ratios": ["1:1", "4:5", "16:9", "9:16"]}', 20),
  ('tiktok', 'TikTok', 'TikTok business account.',
   '{video,carousel,live}', 2200, 100,
   '{"api": "tiktok_content_posting", "aspect_ratios": ["9:16"], "max_video_seconds": 600}', 30),
  ('youtube', 'YouTube', 'YouTube channel (videos and Shorts).',
   '{video,reel,live}', 5000, 15,
   '{"api": "youtube_data_v3", "aspect_ratios": ["16:9", "9:16"]}', 40),
  ('twitter', 'X (Twitter)', 'X / Twitter account.',
   '{post,video}', 280, 10,
   '{"api": "x_v2", "max_media_items": 4}', 50),
  ('linkedin', 'LinkedIn', 'LinkedIn company page.',
   '{post,video,carousel,live}', 3000, 30,
   '{"api": "linkedin_marketing", "aspect_ratios": ["1:1", "1.91:1"]}', 60),
  ('pinterest', 'Pinterest', 'Pinterest business account (pins and idea pins).',
   '{post,video,carousel}', 500, 20,
   '{"api": "pinterest_v5", "aspect_ratios": ["2:3", "1:1"]}', 70);

-- 23. Campaign type definitions and templates.
CREATE TABLE marketing.ref_campaign_types (
  code              text PRIMARY KEY,
  display_name      text NOT NULL,
  description       text,
  -- Channels a campaign of this type usually runs on (free text, as
  -- marketing.campaign_events.channel is).
  default_channels  text[] NOT NULL DEFAULT '{}',
  -- Starting point for a new campaign: default goal and target_metrics keys.
  template          jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort_order        integer NOT NULL DEFAULT 0,
  is_active         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE marketing.ref_campaign_types IS
  'Campaign type definitions and templates; codes mirror the marketing.campaigns.campaign_type CHECK list.';

CREATE TRIGGER trg_ref_campaign_types_updated_at
  BEFORE UPDATE ON marketing.ref_campaign_types
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

INSERT INTO marketing.ref_campaign_types (code, display_name, description, default_channels, template, sort_order) VALUES
  ('email', 'Email campaign', 'One or more email sends to a segment.',
   '{email}', '{"goal": "bookings", "target_metrics": {"open_rate": 0.35, "click_rate": 0.04, "conversions": 0}}', 10),
  ('social', 'Social campaign', 'Organic social posts across accounts.',
   '{instagram,facebook,tiktok}', '{"goal": "awareness", "target_metrics": {"reach": 0, "engagement_rate": 0.03}}', 20),
  ('paid', 'Paid campaign', 'Paid ads (search, social, display).',
   '{paid_social,paid_search}', '{"goal": "bookings", "target_metrics": {"impressions": 0, "clicks": 0, "cpa": 0, "roas": 0}}', 30),
  ('retargeting', 'Retargeting', 'Ads or emails to people who visited or started a booking.',
   '{paid_social,display,email}', '{"goal": "recover_abandoned", "target_metrics": {"conversions": 0, "roas": 0}}', 40),
  ('sms', 'SMS campaign', 'Text message sends to opted-in contacts.',
   '{sms}', '{"goal": "bookings", "target_metrics": {"delivery_rate": 0.95, "click_rate": 0.05}}', 50),
  ('multi_channel', 'Multi-channel', 'Coordinated campaign across several channels.',
   '{email,social,paid_social,sms}', '{"goal": "bookings", "target_metrics": {"reach": 0, "conversions": 0, "revenue": 0}}', 60);

-- 24. Available segment filter criteria.
CREATE TABLE marketing.ref_segment_criteria (
  code          text PRIMARY KEY,   -- the `field` used in segments.criteria rules
  display_name  text NOT NULL,      -- label shown in a segment builder
  description   text,
  data_type     text NOT NULL,
  operators     text[] NOT NULL,
  -- Where the value is computed from, for the segment refresher and for docs.
  source        text NOT NULL,
  -- Optional fixed choices (e.g. event types) for enumerated fields.
  allowed_values text[],
  config        jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort_order    integer NOT NULL DEFAULT 0,
  is_active     boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ref_segment_criteria_data_type_check CHECK (data_type IN ('text', 'number', 'date', 'boolean', 'uuid')),
  CONSTRAINT ref_segment_criteria_operators_check CHECK (
    cardinality(operators) > 0
    AND operators <@ ARRAY['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in',
                           'contains', 'is_true', 'is_false', 'is_null', 'is_not_null',
                           'within_last_days', 'within_next_days']::text[]
  )
);

COMMENT ON TABLE marketing.ref_segment_criteria IS
  'Fields a segment''s criteria jsonb may filter on ({"match":"all","rules":[{"field","op","value"}]}), with type and operators.';

CREATE TRIGGER trg_ref_segment_criteria_updated_at
  BEFORE UPDATE ON marketing.ref_segment_criteria
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

INSERT INTO marketing.ref_segment_criteria
  (code, display_name, description, data_type, operators, source, allowed_values, sort_order) VALUES
  ('total_stays', 'Number of stays', 'Completed reservations of the contact.',
   'number', '{eq,neq,gt,gte,lt,lte,between}', 'reservations.reservations (count by contact_id)', NULL, 10),
  ('total_revenue', 'Lifetime revenue', 'Sum of total_amount over the contact''s reservations.',
   'number', '{gt,gte,lt,lte,between}', 'reservations.reservations.total_amount (sum by contact_id)', NULL, 20),
  ('last_stay_date', 'Last check-out', 'Most recent check_out of the contact.',
   'date', '{gt,gte,lt,lte,between,within_last_days,is_null,is_not_null}', 'reservations.reservations.check_out (max)', NULL, 30),
  ('first_stay_date', 'First check-in', 'Earliest check_in of the contact.',
   'date', '{gt,gte,lt,lte,between,within_last_days,is_null,is_not_null}', 'reservations.reservations.check_in (min)', NULL, 40),
  ('upcoming_check_in', 'Upcoming check-in', 'Next future check_in of the contact.',
   'date', '{between,within_next_days,is_null,is_not_null}', 'reservations.reservations.check_in (min in future)', NULL, 50),
  ('stayed_at_property', 'Stayed at property', 'The contact has a reservation at one of the given properties.',
   'uuid', '{in,not_in}', 'reservations.reservations.property_id', NULL, 60),
  ('has_email', 'Has email', 'The contact has an email address.',
   'boolean', '{is_true,is_false}', 'directory.contacts.email', NULL, 70),
  ('has_phone', 'Has phone', 'The contact has a phone number.',
   'boolean', '{is_true,is_false}', 'directory.contacts.phone', NULL, 80),
  ('email_domain', 'Email domain', 'Domain part of the contact''s email.',
   'text', '{eq,neq,in,not_in,contains}', 'directory.contacts.email', NULL, 90),
  ('contact_created_at', 'Contact since', 'When the contact was created.',
   'date', '{gt,gte,lt,lte,between,within_last_days}', 'directory.contacts.created_at', NULL, 100),
  ('campaign_event', 'Campaign interaction', 'The contact has a campaign event of the given types.',
   'text', '{in,not_in}', 'marketing.campaign_events.event_type',
   '{sent,delivered,opened,clicked,converted,bounced,unsubscribed,complained}', 110),
  ('engaged_campaign', 'Engaged with campaign', 'The contact opened, clicked or converted in one of the given campaigns.',
   'uuid', '{in,not_in}', 'marketing.campaign_events.campaign_id', NULL, 120),
  ('in_segment', 'Member of segment', 'The contact is an active member of one of the given segments.',
   'uuid', '{in,not_in}', 'marketing.segment_members.segment_id (removed_at IS NULL)', NULL, 130);
