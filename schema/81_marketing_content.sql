-- 81_marketing_content.sql — content pieces/templates and their version history
-- (seed 001 tables 1–2) with the versioning invariant as triggers.
--
-- Creates: sequence marketing.content_business_id_seq; marketing.content;
--   marketing.content_versions; functions marketing.content_version_bump(),
--   marketing.content_version_snapshot(); their triggers.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (property.properties), 80 (schema marketing).
--
-- Choices and seed notes:
--   * content_id (business ID CON-NNNNNN) is NOT NULL with a DEFAULT from its
--     own sequence starting at 10001; its uniqueness is the seed's named index
--     idx_content_id, declared as a UNIQUE constraint of that name (so it is
--     both the UNIQUE the table map asks for and the named index).
--   * The seed's column list is copied as is: created_at/updated_at/version
--     have defaults but no NOT NULL, and no NOT NULL or CHECK is added.
--   * FK columns without a named index get idx_<table>_<column>
--     (template_id); content_versions.content_id is the leading column of the
--     UNIQUE (content_id, version_number) index, which already serves it.
--
-- Versioning ("each edit creates new version preserving content at that
-- point"), enforced here so it holds whoever edits the row:
--   * INSERT: content.version is set to 1 (a caller-supplied value is ignored)
--     and version 1 is written to content_versions as to_jsonb(row).
--   * UPDATE: the edit is substantive when any column other than
--       id, content_id, version, status, published_at, performance_score,
--       created_at, updated_at
--     changes. Those are identity (id, content_id), bookkeeping (version,
--     created_at, updated_at), workflow state (status, published_at) and
--     measured results (performance_score): moving a piece from draft to
--     published, or scoring it, does not change what it says.
--     A substantive edit sets version = OLD.version + 1 (BEFORE UPDATE); any
--     other edit keeps OLD.version. A caller-supplied version is always
--     ignored, so versions are gapless per content. After a bump, the new row
--     is snapshotted (AFTER UPDATE, so the snapshot has the final values,
--     updated_at included). Concurrent edits of one row serialise on its row
--     lock and each sees the other's version; UNIQUE (content_id,
--     version_number) is the backstop.
--   * changed_by = current_setting('app.actor', true) (set by the API in the
--     same statement with set_config(..., true)), else NEW.created_by.
--     change_summary = current_setting('app.change_summary', true).
--     Empty settings count as unset (a custom setting reverts to '' after a
--     transaction-local set_config, not to NULL).
--   * Deleting content deletes its versions (seed: ON DELETE CASCADE).

CREATE SEQUENCE marketing.content_business_id_seq START WITH 10001;

-- 1. All content pieces and templates.
CREATE TABLE marketing.content (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_id         text NOT NULL DEFAULT public.next_business_id('CON', 'marketing.content_business_id_seq'),
  property_id        uuid REFERENCES property.properties (id) ON DELETE SET NULL,
  template_id        uuid REFERENCES marketing.content (id) ON DELETE SET NULL,
  title              text NOT NULL,
  content_type       text NOT NULL,
  content_body       text,
  content_html       text,
  excerpt            text,
  meta_title         text,
  meta_description   text,
  keywords           text[],
  is_template        boolean DEFAULT false,
  version            integer DEFAULT 1,
  status             text DEFAULT 'draft',
  published_at       timestamptz,
  author             text,
  ai_generated       boolean DEFAULT false,
  ai_model           text,
  tone               text,
  target_audience    text,
  word_count         integer,
  reading_time_min   integer,
  performance_score  numeric(5,2),
  tags               text[],
  created_by         text,
  created_at         timestamptz DEFAULT now(),
  updated_at         timestamptz DEFAULT now(),
  CONSTRAINT idx_content_id UNIQUE (content_id),
  CONSTRAINT content_content_type_check CHECK (content_type IN
    ('blog', 'social', 'email', 'landing', 'description', 'ad_copy', 'newsletter', 'guide')),
  CONSTRAINT content_status_check CHECK (status IN
    ('draft', 'review', 'approved', 'published', 'archived'))
);

ALTER SEQUENCE marketing.content_business_id_seq OWNED BY marketing.content.content_id;

COMMENT ON TABLE marketing.content IS
  'All content pieces and templates (is_template). property_id NULL = company-wide. Every substantive edit is versioned in content_versions.';

CREATE INDEX idx_content_property ON marketing.content (property_id);
CREATE INDEX idx_content_type ON marketing.content (content_type);
CREATE INDEX idx_content_template ON marketing.content (is_template) WHERE is_template;
CREATE INDEX idx_content_template_id ON marketing.content (template_id);

CREATE TRIGGER trg_content_updated_at
  BEFORE UPDATE ON marketing.content
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 2. Version history for content.
CREATE TABLE marketing.content_versions (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  content_id        uuid NOT NULL REFERENCES marketing.content (id) ON DELETE CASCADE,
  version_number    integer NOT NULL,
  content_snapshot  jsonb NOT NULL,
  changed_by        text,
  changed_at        timestamptz DEFAULT now(),
  change_summary    text,
  CONSTRAINT content_versions_content_id_version_number_key UNIQUE (content_id, version_number)
);

COMMENT ON TABLE marketing.content_versions IS
  'Version history: one full snapshot (to_jsonb of marketing.content) per version, written by triggers.';

-- Columns whose change does not make a new version (see header).
CREATE OR REPLACE FUNCTION marketing.content_version_bump()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  non_substantive constant text[] := ARRAY['id', 'content_id', 'version', 'status', 'published_at',
                                           'performance_score', 'created_at', 'updated_at'];
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
  ELSIF (to_jsonb(NEW) - non_substantive) IS DISTINCT FROM (to_jsonb(OLD) - non_substantive) THEN
    NEW.version := coalesce(OLD.version, 0) + 1;
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION marketing.content_version_snapshot()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version IS NOT DISTINCT FROM OLD.version THEN
    RETURN NULL;
  END IF;
  INSERT INTO marketing.content_versions (content_id, version_number, content_snapshot, changed_by, change_summary)
  VALUES (
    NEW.id,
    NEW.version,
    to_jsonb(NEW),
    coalesce(nullif(current_setting('app.actor', true), ''), NEW.created_by),
    nullif(current_setting('app.change_summary', true), '')
  );
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_content_version_bump
  BEFORE INSERT OR UPDATE ON marketing.content
  FOR EACH ROW EXECUTE FUNCTION marketing.content_version_bump();

CREATE TRIGGER trg_content_version_snapshot
  AFTER INSERT OR UPDATE ON marketing.content
  FOR EACH ROW EXECUTE FUNCTION marketing.content_version_snapshot();
