-- 88_marketing_attribution.sql — booking attribution (seed 001 table 20).
--
-- Creates: marketing.attribution.
-- Depends on: 00 (generate_uuid_v7), 02 (reservations.reservations),
--   84 (marketing.campaigns).
--
-- Choices and seed notes:
--   * No business ID in the seed, so none here; no updated_at, so no trigger.
--   * Two FKs to campaigns (first/last touch), both SET NULL: deleting a
--     campaign keeps the attribution row (and its revenue) with the touch
--     channel/source/date intact.
--   * The seed has no UNIQUE on reservation_id (several attribution models
--     may be recorded per reservation), so none is added.
--   * Every FK column gets idx_attribution_<column> (the seed names none).

-- 20. Links reservations to marketing touchpoints.
CREATE TABLE marketing.attribution (
  id                       uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  reservation_id           uuid NOT NULL REFERENCES reservations.reservations (id) ON DELETE CASCADE,
  first_touch_campaign_id  uuid REFERENCES marketing.campaigns (id) ON DELETE SET NULL,
  last_touch_campaign_id   uuid REFERENCES marketing.campaigns (id) ON DELETE SET NULL,
  first_touch_channel      text,
  first_touch_source       text,
  first_touch_date         timestamptz,
  last_touch_channel       text,
  last_touch_source        text,
  last_touch_date          timestamptz,
  touchpoints              jsonb,
  attribution_model        text,
  revenue_attributed       numeric(12,2),
  created_at               timestamptz DEFAULT now()
);

COMMENT ON TABLE marketing.attribution IS 'Booking attribution: links reservations to first/last-touch campaigns and all touchpoints.';

CREATE INDEX idx_attribution_reservation_id ON marketing.attribution (reservation_id);
CREATE INDEX idx_attribution_first_touch_campaign_id ON marketing.attribution (first_touch_campaign_id);
CREATE INDEX idx_attribution_last_touch_campaign_id ON marketing.attribution (last_touch_campaign_id);
