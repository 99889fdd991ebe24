-- 82_marketing_library.sql — the asset library and how content and assets are
-- attached and reused (seed 001 tables 3–6).
--
-- Creates: sequence marketing.content_library_business_id_seq;
--   marketing.content_library, marketing.property_content,
--   marketing.content_usage, marketing.content_components.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties), 81 (marketing.content).
--
-- Choices and seed notes:
--   * asset_id (ASSET-NNNNNN) from its own sequence starting at 10001; its
--     uniqueness is the named index idx_asset_id (a UNIQUE constraint of that
--     name). tags get the seed's GIN index idx_asset_tags.
--   * content_library has no foreign keys (seed: "central repository").
--     property_listings.listing_photos references it; that stub is created
--     in 89_property_listings_stub.sql, after this table exists.
--   * content_usage: the seed states in prose "at least one of content_id or
--     library_asset_id must be NOT NULL" — the only CHECK added beyond the
--     lists (content_usage_content_or_asset_check). usage_id is polymorphic
--     (a campaign, post, page ... id, per usage_type), so it has no FK.
--   * property_content, content_usage and content_components have no
--     updated_at in the seed, so no updated_at trigger.
--   * FK columns without a named index get idx_<table>_<column>;
--     property_content.property_id leads the UNIQUE (property_id,
--     library_asset_id) index, which already serves it.

CREATE SEQUENCE marketing.content_library_business_id_seq START WITH 10001;

-- 3. Central file/asset repository.
CREATE TABLE marketing.content_library (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  asset_id          text NOT NULL DEFAULT public.next_business_id('ASSET', 'marketing.content_library_business_id_seq'),
  filename          text NOT NULL,
  asset_type        text NOT NULL,
  mime_type         text,
  file_url          text NOT NULL,
  thumbnail_url     text,
  file_size_bytes   bigint,
  dimensions        jsonb,
  duration_seconds  integer,
  alt_text          text,
  caption           text,
  tags              text[],
  ai_tags           text[],
  ai_description    text,
  color_palette     jsonb,
  focal_point       jsonb,
  orientation       text,
  license_type      text,
  source            text,
  photographer      text,
  status            text DEFAULT 'active',
  created_by        text,
  created_at        timestamptz DEFAULT now(),
  updated_at        timestamptz DEFAULT now(),
  CONSTRAINT idx_asset_id UNIQUE (asset_id),
  CONSTRAINT content_library_asset_type_check CHECK (asset_type IN
    ('image', 'video', 'document', 'audio', 'pdf', '3d_tour')),
  CONSTRAINT content_library_orientation_check CHECK (orientation IN
    ('landscape', 'portrait', 'square')),
  CONSTRAINT content_library_status_check CHECK (status IN
    ('active', 'archived', 'processing', 'error'))
);

ALTER SEQUENCE marketing.content_library_business_id_seq OWNED BY marketing.content_library.asset_id;

COMMENT ON TABLE marketing.content_library IS
  'Central file/asset repository for all media (files live in S3; file_url points at them).';

CREATE INDEX idx_asset_type ON marketing.content_library (asset_type);
CREATE INDEX idx_asset_tags ON marketing.content_library USING gin (tags);

CREATE TRIGGER trg_content_library_updated_at
  BEFORE UPDATE ON marketing.content_library
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 4. Properties <-> assets with display order and hero flags.
CREATE TABLE marketing.property_content (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  property_id       uuid NOT NULL REFERENCES property.properties (id) ON DELETE CASCADE,
  library_asset_id  uuid NOT NULL REFERENCES marketing.content_library (id) ON DELETE CASCADE,
  display_order     integer DEFAULT 0,
  is_hero           boolean DEFAULT false,
  channel_orders    jsonb,
  room_type         text,
  status            text DEFAULT 'active',
  created_at        timestamptz DEFAULT now(),
  CONSTRAINT property_content_property_id_library_asset_id_key UNIQUE (property_id, library_asset_id)
);

COMMENT ON TABLE marketing.property_content IS
  'Join of properties and library assets with display order, hero flag and per-channel order.';

CREATE INDEX idx_property_content_library_asset_id ON marketing.property_content (library_asset_id);

-- 5. Where content/assets are used.
CREATE TABLE marketing.content_usage (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_id        uuid REFERENCES marketing.content (id) ON DELETE CASCADE,
  library_asset_id  uuid REFERENCES marketing.content_library (id) ON DELETE CASCADE,
  usage_type        text NOT NULL,
  usage_id          uuid NOT NULL,
  usage_context     text,
  used_at           timestamptz DEFAULT now(),
  CONSTRAINT content_usage_content_or_asset_check CHECK (content_id IS NOT NULL OR library_asset_id IS NOT NULL)
);

COMMENT ON TABLE marketing.content_usage IS
  'Where a content piece or asset is used (usage_type + usage_id: campaign, social_post, website, email).';

CREATE INDEX idx_content_usage_content_id ON marketing.content_usage (content_id);
CREATE INDEX idx_content_usage_library_asset_id ON marketing.content_usage (library_asset_id);

-- 6. Content composition.
CREATE TABLE marketing.content_components (
  id                    uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  parent_content_id     uuid NOT NULL REFERENCES marketing.content (id) ON DELETE CASCADE,
  component_content_id  uuid REFERENCES marketing.content (id) ON DELETE SET NULL,
  component_asset_id    uuid REFERENCES marketing.content_library (id) ON DELETE SET NULL,
  component_type        text,
  position              integer,
  created_at            timestamptz DEFAULT now()
);

COMMENT ON TABLE marketing.content_components IS
  'Which content pieces and assets make up a larger piece of content, in position order.';

CREATE INDEX idx_content_components_parent_content_id ON marketing.content_components (parent_content_id);
CREATE INDEX idx_content_components_component_content_id ON marketing.content_components (component_content_id);
CREATE INDEX idx_content_components_component_asset_id ON marketing.content_components (component_asset_id);
