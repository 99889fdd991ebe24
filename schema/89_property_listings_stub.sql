-- 89_property_listings_stub.sql — minimal property_listings.listing_photos, the
-- external table seed 001 names as a referrer of marketing.content_library
-- ("property_listings.listing_photos (library_asset_id) [CASCADE DELETE]").
--
-- Creates (only when missing): schema property_listings; table
--   property_listings.listing_photos; its column library_asset_id with the FK
--   -> marketing.content_library(id) ON DELETE CASCADE; index
--   idx_listing_photos_library_asset_id.
-- Depends on: 00 (generate_uuid_v7), 02 (property.properties),
--   82 (marketing.content_library).
--
-- Choices and seed notes:
--   * Like the stubs in 02, this is the smallest table that carries the seed's
--     foreign key, created IF NOT EXISTS so a fuller platform database keeps
--     its own. It lives here, not in 02, because its FK needs
--     marketing.content_library to exist first.
--   * On such a fuller database the column and the FK are added only if
--     missing (the FK is detected by its column and target, whatever its
--     name), so the seed's CASCADE holds there too.

CREATE SCHEMA IF NOT EXISTS property_listings;

CREATE TABLE IF NOT EXISTS property_listings.listing_photos (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  property_id       uuid REFERENCES property.properties (id) ON DELETE CASCADE,
  library_asset_id  uuid,
  display_order     integer DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE property_listings.listing_photos ADD COLUMN IF NOT EXISTS library_asset_id uuid;

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f'
      AND c.conrelid = 'property_listings.listing_photos'::regclass
      AND c.confrelid = 'marketing.content_library'::regclass
      AND a.attname = 'library_asset_id'
  ) THEN
    ALTER TABLE property_listings.listing_photos
      ADD CONSTRAINT listing_photos_library_asset_id_fkey
      FOREIGN KEY (library_asset_id) REFERENCES marketing.content_library (id) ON DELETE CASCADE;
  END IF;
END;
$$;

CREATE INDEX IF NOT EXISTS idx_listing_photos_library_asset_id
  ON property_listings.listing_photos (library_asset_id);
