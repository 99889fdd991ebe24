-- 100_property_gallery_order.sql — the index behind the paged property gallery.
--
-- Creates: idx_property_content_property_display_order_id on
--   marketing.property_content (property_id, display_order, id).
-- Depends on: 82 (marketing.property_content).
--
-- Why: GET /v1/properties/{propertyId}/assets is a keyset-paged list always
-- read within one property, ordered by display_order then id (see
-- 93_list_order_indexes.sql). With this index each page, and the gallery read
-- of POST .../assets/moves, is one index range instead of a sort of the whole
-- gallery. test/integration/list-order-indexes.test.ts checks it exists.
CREATE INDEX IF NOT EXISTS idx_property_content_property_display_order_id
  ON marketing.property_content (property_id, display_order, id);
