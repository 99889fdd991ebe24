-- 02_external_stubs.sql — minimal versions of the external tables the
-- marketing schema (seed 001) references by foreign key:
--   property.properties, directory.contacts, reservations.reservations.
-- (property_listings.listing_photos references marketing.content_library and
-- so is created after that table, in the marketing schema files.)
--
-- Only the primary key is needed for the foreign keys; a few descriptive
-- columns make the local stack usable. IF NOT EXISTS keeps a fuller platform
-- database's own versions untouched.

CREATE SCHEMA IF NOT EXISTS property;
CREATE SCHEMA IF NOT EXISTS directory;
CREATE SCHEMA IF NOT EXISTS reservations;

CREATE TABLE IF NOT EXISTS property.properties (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS directory.contacts (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  full_name   text,
  email       text,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reservations.reservations (
  id           uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  property_id  uuid,
  contact_id   uuid,
  check_in     date,
  check_out    date,
  total_amount numeric(12,2),
  created_at   timestamptz NOT NULL DEFAULT now()
);
