-- 00_auth_custom.sql — the core the mkt module and the marketing schema stand on.
--
-- The seed documents reference these objects without defining them:
--   * update_updated_at_column()  trigger function used by every table with updated_at
--   * auth_users                   the platform's users (seed 000: "from 00_auth_custom.sql")
-- and ARCHITECTURE.md adds:
--   * generate_uuid_v7()           PostgreSQL 17 has no built-in UUIDv7
--   * next_business_id()           business IDs such as CON-010001 from per-table sequences
--
-- Everything here is IF NOT EXISTS / CREATE OR REPLACE with the same meaning a
-- fuller platform database would give it, so this file coexists with one.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- UUIDv7 (RFC 9562): 48-bit Unix epoch milliseconds, then random bits, with the
-- version nibble set to 7 and the variant to 10. Built from gen_random_uuid()
-- (a v4 UUID, variant already 10) by overwriting its first six bytes with the
-- timestamp and flipping the version bits 0100 -> 0111.
CREATE OR REPLACE FUNCTION public.generate_uuid_v7()
RETURNS uuid
LANGUAGE sql
VOLATILE
PARALLEL SAFE
AS $$
  SELECT encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
                PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                FROM 1 FOR 6),
        52, 1),
      53, 1),
    'hex')::uuid;
$$;

COMMENT ON FUNCTION public.generate_uuid_v7() IS 'UUIDv7: time-ordered primary keys (RFC 9562).';

-- Business IDs: PREFIX-NNNNNN, zero-padded to six digits and growing past them
-- (lpad alone would truncate 1000000 to 100000 and collide).
CREATE OR REPLACE FUNCTION public.next_business_id(prefix text, seq regclass)
RETURNS text
LANGUAGE sql
VOLATILE
AS $$
  SELECT prefix || '-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END
  FROM (SELECT nextval(seq) AS n) AS s;
$$;

COMMENT ON FUNCTION public.next_business_id(text, regclass) IS
  'Next business ID for a table, e.g. next_business_id(''CON'', ''marketing.content_business_id_seq'') -> CON-010001.';

CREATE OR REPLACE FUNCTION public.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;

CREATE TABLE IF NOT EXISTS public.auth_users (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  email       text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

DROP TRIGGER IF EXISTS trg_auth_users_updated_at ON public.auth_users;
CREATE TRIGGER trg_auth_users_updated_at
  BEFORE UPDATE ON public.auth_users
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
