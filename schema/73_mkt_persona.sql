-- 73_mkt_persona.sql — mkt module, part 4 of 5: persona mapping (ICP
-- definition). A persona record says which segment a person belongs to, where
-- they are and what else we know about them; scores say how confident we are in
-- each segment fit.
--
-- Creates (3 tables, public schema):
--   mkt_persona_contacts    one persona record per person
--   mkt_persona_scores      persona x segment confidence scores (0-100)
--   mkt_persona_attributes  extended key/value attributes
--
-- Depends on: 00 (generate_uuid_v7, update_updated_at_column), 01 (profiles),
-- 02 (directory.contacts), 70_mkt_common.sql (mkt_segments, mkt_channels).
-- The persona -> WhatsApp group mapping (mkt_persona_group_memberships) is in
-- 74, next to the groups it references, so no forward reference is needed here.
--
-- Seed defects: none specific to this file. (Seed 000's claim that foreign keys
-- may point at tables created later is not relied on: everything referenced
-- here already exists.)
--
-- Personal data: a persona record linked to a platform contact is erased with
-- it (ON DELETE CASCADE from directory.contacts), and scores and attributes are
-- detail rows of the persona (CASCADE).

CREATE TABLE public.mkt_persona_contacts (
  id                   uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  contact_id           uuid REFERENCES directory.contacts (id) ON DELETE CASCADE,
  full_name            text,
  email                text,
  phone_e164           text,
  segment_id           uuid REFERENCES public.mkt_segments (id) ON DELETE SET NULL,
  region               text,
  city                 text,
  country_code         text,
  lifecycle_stage      text NOT NULL DEFAULT 'prospect',
  preferred_channel_id uuid REFERENCES public.mkt_channels (id) ON DELETE SET NULL,
  preferred_language   text NOT NULL DEFAULT 'en',
  marketing_consent    boolean NOT NULL DEFAULT false,
  consent_updated_at   timestamptz,
  source               text NOT NULL DEFAULT 'manual',
  notes                text,
  owner_id             uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by           uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_persona_contacts_contact_id_key UNIQUE (contact_id),
  CONSTRAINT mkt_persona_contacts_identity_check
    CHECK (contact_id IS NOT NULL OR full_name IS NOT NULL OR email IS NOT NULL OR phone_e164 IS NOT NULL),
  CONSTRAINT mkt_persona_contacts_email_check CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  CONSTRAINT mkt_persona_contacts_phone_check CHECK (phone_e164 IS NULL OR phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT mkt_persona_contacts_country_code_check CHECK (country_code IS NULL OR country_code ~ '^[A-Z]{2}$'),
  CONSTRAINT mkt_persona_contacts_language_check CHECK (preferred_language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  CONSTRAINT mkt_persona_contacts_lifecycle_stage_check
    CHECK (lifecycle_stage IN ('prospect', 'lead', 'qualified', 'customer', 'advocate', 'inactive')),
  CONSTRAINT mkt_persona_contacts_source_check
    CHECK (source IN ('manual', 'import', 'website_form', 'whatsapp', 'booking', 'referral', 'event'))
);

-- One persona per email address, whatever its case.
CREATE UNIQUE INDEX uq_mkt_persona_contacts_email ON public.mkt_persona_contacts (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX idx_mkt_persona_contacts_segment_id ON public.mkt_persona_contacts (segment_id);
CREATE INDEX idx_mkt_persona_contacts_preferred_channel_id ON public.mkt_persona_contacts (preferred_channel_id);
CREATE INDEX idx_mkt_persona_contacts_owner_id ON public.mkt_persona_contacts (owner_id);
CREATE INDEX idx_mkt_persona_contacts_created_by ON public.mkt_persona_contacts (created_by);
CREATE INDEX idx_mkt_persona_contacts_lifecycle_stage ON public.mkt_persona_contacts (lifecycle_stage);
CREATE INDEX idx_mkt_persona_contacts_region ON public.mkt_persona_contacts (region);
CREATE INDEX idx_mkt_persona_contacts_phone_e164 ON public.mkt_persona_contacts (phone_e164);

CREATE TRIGGER trg_mkt_persona_contacts_updated_at
  BEFORE UPDATE ON public.mkt_persona_contacts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_persona_contacts IS 'Persona (ICP) data per person: segment, region, lifecycle stage, consent.';

-- Current confidence per persona and segment (one row per pair; re-scoring
-- updates it).
CREATE TABLE public.mkt_persona_scores (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  persona_contact_id uuid NOT NULL REFERENCES public.mkt_persona_contacts (id) ON DELETE CASCADE,
  segment_id         uuid NOT NULL REFERENCES public.mkt_segments (id) ON DELETE CASCADE,
  score              numeric(5, 2) NOT NULL,
  scoring_method     text NOT NULL DEFAULT 'manual',
  rationale          text,
  scored_at          timestamptz NOT NULL DEFAULT now(),
  scored_by          uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_persona_scores_pair_key UNIQUE (persona_contact_id, segment_id),
  CONSTRAINT mkt_persona_scores_score_check CHECK (score BETWEEN 0 AND 100),
  CONSTRAINT mkt_persona_scores_scoring_method_check
    CHECK (scoring_method IN ('manual', 'rules', 'survey', 'ai_model'))
);

CREATE INDEX idx_mkt_persona_scores_segment_id ON public.mkt_persona_scores (segment_id);
CREATE INDEX idx_mkt_persona_scores_scored_by ON public.mkt_persona_scores (scored_by);
CREATE INDEX idx_mkt_persona_scores_score ON public.mkt_persona_scores (score);

CREATE TRIGGER trg_mkt_persona_scores_updated_at
  BEFORE UPDATE ON public.mkt_persona_scores
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_persona_scores IS 'Confidence (0-100) that a persona belongs to a segment.';

-- Extended attributes, e.g. properties_owned = 2, travel_party_size = 6.
CREATE TABLE public.mkt_persona_attributes (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  persona_contact_id uuid NOT NULL REFERENCES public.mkt_persona_contacts (id) ON DELETE CASCADE,
  attribute_key      text NOT NULL,
  attribute_value    text,
  value_type         text NOT NULL DEFAULT 'text',
  source             text NOT NULL DEFAULT 'manual',
  created_by         uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_persona_attributes_pair_key UNIQUE (persona_contact_id, attribute_key),
  CONSTRAINT mkt_persona_attributes_key_format CHECK (attribute_key ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT mkt_persona_attributes_value_type_check
    CHECK (value_type IN ('text', 'number', 'boolean', 'date', 'json')),
  CONSTRAINT mkt_persona_attributes_source_check
    CHECK (source IN ('manual', 'import', 'survey', 'whatsapp', 'booking', 'inferred'))
);

CREATE INDEX idx_mkt_persona_attributes_attribute_key ON public.mkt_persona_attributes (attribute_key);
CREATE INDEX idx_mkt_persona_attributes_created_by ON public.mkt_persona_attributes (created_by);

CREATE TRIGGER trg_mkt_persona_attributes_updated_at
  BEFORE UPDATE ON public.mkt_persona_attributes
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_persona_attributes IS 'Extended persona attributes as typed key/value pairs.';
