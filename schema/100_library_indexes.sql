-- 100_library_indexes.sql — the indexes behind the paged property gallery and
-- the sweep of stale uploads.
--
-- Creates: idx_property_content_property_display_order_id on
--   marketing.property_content (property_id, display_order, id);
--   idx_content_library_processing_created_at (partial, status 'processing')
--   on marketing.content_library (created_at, id).
-- Depends on: 82 (marketing.content_library, marketing.property_content).
--
-- Why: GET /v1/properties/{propertyId}/assets is a keyset-paged list always
-- read within one property, ordered by display_order then id (see
-- 93_list_order_indexes.sql). With the first index each page, and the gallery
-- read of POST .../assets/moves, is one index range instead of a sort of the
-- whole gallery. test/integration/list-order-indexes.test.ts checks it exists.
-- The asset-sweep worker reads the oldest 'processing' assets each run; the
-- partial index holds only those (a handful), so the run never scans the library.
CREATE INDEX IF NOT EXISTS idx_property_content_property_display_order_id
  ON marketing.property_content (property_id, display_order, id);

CREATE INDEX IF NOT EXISTS idx_content_library_processing_created_at
  ON marketing.content_library (created_at, id) WHERE status = 'processing';
