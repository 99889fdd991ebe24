-- 112_attribution_one_per_model.sql — one attribution row per reservation and model.
--
-- Creates: unique index marketing.attribution_reservation_id_attribution_model_key
--   on marketing.attribution (reservation_id, attribution_model).
-- Depends on: 88 (marketing.attribution).
--
-- Why: the compute endpoint replaces a reservation's rows of the models it
-- computes in one statement, which deleted the old rows and inserted new ones.
-- Two computes of one reservation at the same time each deleted what their
-- snapshot held and each inserted a set: two rows per model, and a summary
-- that counted the revenue twice. With this key the compute is an upsert
-- (INSERT … ON CONFLICT (reservation_id, attribution_model) DO UPDATE): the
-- later compute waits for the earlier's row and overwrites it, so a model has
-- one row whatever runs at once. A reservation still holds several models
-- (the seed's reason for no UNIQUE on reservation_id alone); rows with no
-- model (NULL) are not limited.
--
-- Rows a race already doubled are reduced to the newest of each pair (ids are
-- UUIDv7, so the larger id is the later row) before the key is built.

DELETE FROM marketing.attribution a
 USING marketing.attribution b
 WHERE a.reservation_id = b.reservation_id
   AND a.attribution_model = b.attribution_model
   AND a.id < b.id;

CREATE UNIQUE INDEX IF NOT EXISTS attribution_reservation_id_attribution_model_key
  ON marketing.attribution (reservation_id, attribution_model);
