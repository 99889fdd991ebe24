-- 98_provider_event_receipts.sql — which email-platform events have been
-- stored, so a duplicate delivery changes nothing.
--
-- Creates: marketing_ops.provider_event_receipts.
-- Depends on: 84 (marketing.campaign_events).
--
-- Choices:
--   * SES (through SNS) and SendGrid deliver at least once and document
--     duplicates. campaign_events (the seed's table) has no column for the
--     provider's id, so the dedupe key lives here: the ingest statement inserts
--     the receipt with ON CONFLICT DO NOTHING and stores the event only for a
--     receipt it inserted, in the same statement. The primary key makes two
--     concurrent deliveries of one event store it once.
--   * provider_event_id is the provider's own id: SendGrid's sg_event_id; for
--     SES (which has no per-event id) the SNS MessageId, kept on SNS retries,
--     with the recipient, since one notification can name several recipients.
--   * campaign_event_id links to the stored event; deleting the event (or its
--     campaign or contact, by cascade) deletes the receipt.

CREATE SCHEMA IF NOT EXISTS marketing_ops;

CREATE TABLE marketing_ops.provider_event_receipts (
  provider           text NOT NULL,
  provider_event_id  text NOT NULL,
  campaign_event_id  uuid REFERENCES marketing.campaign_events (id) ON DELETE CASCADE,
  received_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, provider_event_id),
  CONSTRAINT provider_event_receipts_provider_check CHECK (provider IN ('ses', 'sendgrid'))
);

COMMENT ON TABLE marketing_ops.provider_event_receipts IS 'Email-platform events already stored (dedupe on the provider''s id).';

CREATE INDEX idx_provider_event_receipts_campaign_event_id ON marketing_ops.provider_event_receipts (campaign_event_id);
