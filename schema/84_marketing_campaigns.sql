-- 84_marketing_campaigns.sql — campaigns and their per-contact events (seed 001
-- tables 10–11).
--
-- Creates: sequences marketing.campaigns_business_id_seq,
--   marketing.campaign_events_business_id_seq; marketing.campaigns,
--   marketing.campaign_events.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties, directory.contacts), 83 (marketing.segments).
-- Created before social posts (85), calendars (86) and attribution (88),
-- which reference campaigns.
--
-- Choices and seed notes:
--   * campaign_id (CMP-NNNNNN) and campaign_event_id (CEVT-NNNNNN) come from
--     their own sequences starting at 10001. campaign_id's uniqueness is the
--     named index idx_cmp_id; the seed names no index for campaign_event_id,
--     so its UNIQUE constraint keeps PostgreSQL's default name.
--   * The seed's campaign_type description lists only four types
--     ("email, social, paid, retargeting"); the CHECK list (six, adding sms
--     and multi_channel) is authoritative and matches ref_campaign_types.
--   * campaign_events has no updated_at (an append-only event log).
--   * FK columns without a named index get idx_<table>_<column>.

CREATE SEQUENCE marketing.campaigns_business_id_seq START WITH 10001;
CREATE SEQUENCE marketing.campaign_events_business_id_seq START WITH 10001;

-- 10. Marketing campaign definitions.
CREATE TABLE marketing.campaigns (
  id              uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_id     text NOT NULL DEFAULT public.next_business_id('CMP', 'marketing.campaigns_business_id_seq'),
  property_id     uuid REFERENCES property.properties (id) ON DELETE SET NULL,
  segment_id      uuid REFERENCES marketing.segments (id) ON DELETE SET NULL,
  campaign_name   text NOT NULL,
  campaign_type   text NOT NULL,
  goal            text,
  budget          numeric(12,2),
  start_date      date,
  end_date        date,
  status          text DEFAULT 'draft',
  target_metrics  jsonb,
  actual_metrics  jsonb,
  created_by      text,
  created_at      timestamptz DEFAULT now(),
  updated_at      timestamptz DEFAULT now(),
  CONSTRAINT idx_cmp_id UNIQUE (campaign_id),
  CONSTRAINT campaigns_campaign_type_check CHECK (campaign_type IN
    ('email', 'social', 'paid', 'retargeting', 'sms', 'multi_channel')),
  CONSTRAINT campaigns_status_check CHECK (status IN
    ('draft', 'scheduled', 'active', 'paused', 'completed', 'cancelled'))
);

ALTER SEQUENCE marketing.campaigns_business_id_seq OWNED BY marketing.campaigns.campaign_id;

COMMENT ON TABLE marketing.campaigns IS 'Marketing campaign definitions (property_id NULL = company-wide).';

CREATE INDEX idx_cmp_status ON marketing.campaigns (status);
CREATE INDEX idx_cmp_dates ON marketing.campaigns (start_date, end_date);
CREATE INDEX idx_campaigns_property_id ON marketing.campaigns (property_id);
CREATE INDEX idx_campaigns_segment_id ON marketing.campaigns (segment_id);

CREATE TRIGGER trg_campaigns_updated_at
  BEFORE UPDATE ON marketing.campaigns
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 11. Individual events/interactions in campaigns.
CREATE TABLE marketing.campaign_events (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_event_id  text NOT NULL DEFAULT public.next_business_id('CEVT', 'marketing.campaign_events_business_id_seq'),
  campaign_id        uuid NOT NULL REFERENCES marketing.campaigns (id) ON DELETE CASCADE,
  contact_id         uuid NOT NULL REFERENCES directory.contacts (id) ON DELETE CASCADE,
  event_type         text NOT NULL,
  event_timestamp    timestamptz DEFAULT now(),
  event_data         jsonb,
  channel            text,
  device_type        text,
  location           text,
  CONSTRAINT campaign_events_campaign_event_id_key UNIQUE (campaign_event_id),
  CONSTRAINT campaign_events_event_type_check CHECK (event_type IN
    ('sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'unsubscribed', 'complained'))
);

ALTER SEQUENCE marketing.campaign_events_business_id_seq OWNED BY marketing.campaign_events.campaign_event_id;

COMMENT ON TABLE marketing.campaign_events IS 'Individual events/interactions of contacts in campaigns (append-only log).';

CREATE INDEX idx_campaign_events_campaign_id ON marketing.campaign_events (campaign_id);
CREATE INDEX idx_campaign_events_contact_id ON marketing.campaign_events (contact_id);
