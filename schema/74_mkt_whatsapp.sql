-- 74_mkt_whatsapp.sql — mkt module, part 5 of 5: WhatsApp execution.
--
-- Creates (5 tables, public schema):
--   mkt_wap_accounts               WhatsApp Business accounts (multi-account)
--   mkt_wap_groups                 groups run from an account
--   mkt_wap_contacts               WhatsApp contacts, one per phone number
--   mkt_wap_messages               messages in and out, per group and/or contact
--   mkt_persona_group_memberships  persona -> group mapping
--
-- Depends on: 00 (generate_uuid_v7, update_updated_at_column), 01 (profiles),
-- 70_mkt_common.sql (mkt_campaigns, mkt_segments), 72_mkt_content.sql
-- (mkt_con_content), 73_mkt_persona.sql (mkt_persona_contacts).
--
-- Seed defects: none specific to this file; every table referenced here was
-- created by an earlier file, so plain REFERENCES work (seed 000's claim that a
-- foreign key may point at a later table is not relied on anywhere).
--
-- Design decisions kept from seed 000:
--   * There are no WhatsApp campaigns: a message belongs to a campaign through
--     mkt_wap_messages.campaign_id -> mkt_campaigns (SET NULL: the message
--     history stays when a campaign is deleted).
--   * Messages link to content (what was sent), groups and contacts (where);
--     WhatsApp contacts link to persona contacts.
--
-- Secrets: the account's Cloud API access token is never stored in plain text.
-- access_token_encrypted holds the KMS ciphertext blob (encrypted by the API
-- with TOKEN_KMS_KEY_ID; token_kms_key_id records which key). A CHECK refuses a
-- raw Meta token (they start with "EAA") written into that column by mistake.
--
-- Personal data: deleting a WhatsApp contact deletes their messages (CASCADE),
-- so an erasure request is one DELETE.

-- ---------------------------------------------------------------------------
-- Accounts. Groups and messages RESTRICT their account: disconnect an account
-- (status) rather than delete it, so message history keeps its sender.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_wap_accounts (
  id                     uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  display_name           text NOT NULL,
  business_name          text,
  phone_e164             text NOT NULL,
  waba_id                text,
  phone_number_id        text,
  access_token_encrypted bytea,
  token_kms_key_id       text,
  token_expires_at       timestamptz,
  status                 text NOT NULL DEFAULT 'pending',
  quality_rating         text NOT NULL DEFAULT 'unknown',
  is_default             boolean NOT NULL DEFAULT false,
  owner_id               uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by             uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_wap_accounts_phone_e164_key UNIQUE (phone_e164),
  CONSTRAINT mkt_wap_accounts_phone_number_id_key UNIQUE (phone_number_id),
  CONSTRAINT mkt_wap_accounts_phone_check CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT mkt_wap_accounts_status_check
    CHECK (status IN ('pending', 'active', 'suspended', 'disconnected')),
  CONSTRAINT mkt_wap_accounts_quality_rating_check
    CHECK (quality_rating IN ('unknown', 'green', 'yellow', 'red')),
  -- Ciphertext always names the key that can decrypt it.
  CONSTRAINT mkt_wap_accounts_token_key_check
    CHECK (access_token_encrypted IS NULL OR token_kms_key_id IS NOT NULL),
  -- A plain Meta access token ("EAA...") is not ciphertext.
  CONSTRAINT mkt_wap_accounts_token_not_plaintext_check
    CHECK (access_token_encrypted IS NULL OR substring(access_token_encrypted FROM 1 FOR 3) <> '\x454141'::bytea),
  CONSTRAINT mkt_wap_accounts_active_has_token_check
    CHECK (status <> 'active' OR access_token_encrypted IS NOT NULL)
);

COMMENT ON COLUMN public.mkt_wap_accounts.access_token_encrypted IS
  'KMS ciphertext of the WhatsApp Cloud API access token (never the plain token); decrypt with token_kms_key_id.';

-- At most one default sending account.
CREATE UNIQUE INDEX uq_mkt_wap_accounts_default ON public.mkt_wap_accounts (is_default) WHERE is_default;
CREATE INDEX idx_mkt_wap_accounts_status ON public.mkt_wap_accounts (status);
CREATE INDEX idx_mkt_wap_accounts_owner_id ON public.mkt_wap_accounts (owner_id);
CREATE INDEX idx_mkt_wap_accounts_created_by ON public.mkt_wap_accounts (created_by);

CREATE TRIGGER trg_mkt_wap_accounts_updated_at
  BEFORE UPDATE ON public.mkt_wap_accounts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_wap_accounts IS 'WhatsApp Business accounts (multi-account); tokens stored as KMS ciphertext only.';

-- ---------------------------------------------------------------------------
-- Groups, e.g. "Gulf Coast Owners Circle". external_group_id is WhatsApp's id,
-- unknown until the group exists on WhatsApp.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_wap_groups (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  account_id        uuid NOT NULL REFERENCES public.mkt_wap_accounts (id) ON DELETE RESTRICT,
  external_group_id text,
  name              text NOT NULL,
  description       text,
  group_type        text NOT NULL DEFAULT 'community',
  segment_id        uuid REFERENCES public.mkt_segments (id) ON DELETE SET NULL,
  invite_link       text,
  status            text NOT NULL DEFAULT 'active',
  owner_id          uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by        uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_wap_groups_external_id_key UNIQUE (account_id, external_group_id),
  CONSTRAINT mkt_wap_groups_group_type_check
    CHECK (group_type IN ('community', 'announcement', 'owners', 'investors', 'guests', 'partners', 'internal')),
  CONSTRAINT mkt_wap_groups_status_check CHECK (status IN ('active', 'archived'))
);

CREATE INDEX idx_mkt_wap_groups_segment_id ON public.mkt_wap_groups (segment_id);
CREATE INDEX idx_mkt_wap_groups_group_type ON public.mkt_wap_groups (group_type);
CREATE INDEX idx_mkt_wap_groups_status ON public.mkt_wap_groups (status);
CREATE INDEX idx_mkt_wap_groups_owner_id ON public.mkt_wap_groups (owner_id);
CREATE INDEX idx_mkt_wap_groups_created_by ON public.mkt_wap_groups (created_by);

CREATE TRIGGER trg_mkt_wap_groups_updated_at
  BEFORE UPDATE ON public.mkt_wap_groups
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_wap_groups IS 'WhatsApp groups run from an account, optionally aimed at a segment.';

-- ---------------------------------------------------------------------------
-- Contacts: one row per phone number across accounts. The persona link is
-- optional (SET NULL): an unknown number can message us before we know who it
-- is.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_wap_contacts (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  phone_e164         text NOT NULL,
  wa_id              text,
  display_name       text,
  persona_contact_id uuid REFERENCES public.mkt_persona_contacts (id) ON DELETE SET NULL,
  opt_in_status      text NOT NULL DEFAULT 'unknown',
  opted_in_at        timestamptz,
  opted_out_at       timestamptz,
  last_message_at    timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_wap_contacts_phone_e164_key UNIQUE (phone_e164),
  CONSTRAINT mkt_wap_contacts_wa_id_key UNIQUE (wa_id),
  CONSTRAINT mkt_wap_contacts_phone_check CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT mkt_wap_contacts_opt_in_status_check
    CHECK (opt_in_status IN ('unknown', 'opted_in', 'opted_out')),
  -- Consent is evidence: record when it was given or withdrawn.
  CONSTRAINT mkt_wap_contacts_opted_in_at_check CHECK (opt_in_status <> 'opted_in' OR opted_in_at IS NOT NULL),
  CONSTRAINT mkt_wap_contacts_opted_out_at_check CHECK (opt_in_status <> 'opted_out' OR opted_out_at IS NOT NULL)
);

CREATE INDEX idx_mkt_wap_contacts_persona_contact_id ON public.mkt_wap_contacts (persona_contact_id);
CREATE INDEX idx_mkt_wap_contacts_opt_in_status ON public.mkt_wap_contacts (opt_in_status);
CREATE INDEX idx_mkt_wap_contacts_last_message_at ON public.mkt_wap_contacts (last_message_at);

CREATE TRIGGER trg_mkt_wap_contacts_updated_at
  BEFORE UPDATE ON public.mkt_wap_contacts
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_wap_contacts IS 'WhatsApp contacts, one per phone number, optionally linked to a persona.';

-- ---------------------------------------------------------------------------
-- Messages. A message is in a group, with a contact, or both (an inbound group
-- message has its group and its sender); it is detail of either (CASCADE).
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_wap_messages (
  id                  uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  account_id          uuid NOT NULL REFERENCES public.mkt_wap_accounts (id) ON DELETE RESTRICT,
  campaign_id         uuid REFERENCES public.mkt_campaigns (id) ON DELETE SET NULL,
  content_id          uuid REFERENCES public.mkt_con_content (id) ON DELETE SET NULL,
  group_id            uuid REFERENCES public.mkt_wap_groups (id) ON DELETE CASCADE,
  contact_id          uuid REFERENCES public.mkt_wap_contacts (id) ON DELETE CASCADE,
  direction           text NOT NULL,
  message_type        text NOT NULL DEFAULT 'text',
  template_name       text,
  body                text,
  media_url           text,
  external_message_id text,
  status              text NOT NULL,
  scheduled_for       timestamptz,
  sent_at             timestamptz,
  delivered_at        timestamptz,
  read_at             timestamptz,
  failed_at           timestamptz,
  error_code          text,
  error_message       text,
  sent_by             uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_wap_messages_external_id_key UNIQUE (account_id, external_message_id),
  CONSTRAINT mkt_wap_messages_target_check CHECK (group_id IS NOT NULL OR contact_id IS NOT NULL),
  CONSTRAINT mkt_wap_messages_direction_check CHECK (direction IN ('outbound', 'inbound')),
  CONSTRAINT mkt_wap_messages_message_type_check CHECK (message_type IN (
    'text', 'template', 'image', 'video', 'document', 'audio', 'interactive', 'location', 'reaction')),
  CONSTRAINT mkt_wap_messages_template_check CHECK (message_type <> 'template' OR template_name IS NOT NULL),
  CONSTRAINT mkt_wap_messages_status_check
    CHECK (status IN ('scheduled', 'queued', 'sent', 'delivered', 'read', 'failed', 'received')),
  -- Inbound messages are only ever 'received'; outbound never are.
  CONSTRAINT mkt_wap_messages_direction_status_check
    CHECK ((direction = 'inbound') = (status = 'received')),
  CONSTRAINT mkt_wap_messages_scheduled_check CHECK (status <> 'scheduled' OR scheduled_for IS NOT NULL)
);

CREATE INDEX idx_mkt_wap_messages_account_id ON public.mkt_wap_messages (account_id);
CREATE INDEX idx_mkt_wap_messages_campaign_id ON public.mkt_wap_messages (campaign_id);
CREATE INDEX idx_mkt_wap_messages_content_id ON public.mkt_wap_messages (content_id);
CREATE INDEX idx_mkt_wap_messages_group_id_created_at ON public.mkt_wap_messages (group_id, created_at);
CREATE INDEX idx_mkt_wap_messages_contact_id_created_at ON public.mkt_wap_messages (contact_id, created_at);
CREATE INDEX idx_mkt_wap_messages_status ON public.mkt_wap_messages (status);
CREATE INDEX idx_mkt_wap_messages_direction ON public.mkt_wap_messages (direction);
CREATE INDEX idx_mkt_wap_messages_scheduled_for ON public.mkt_wap_messages (scheduled_for);
CREATE INDEX idx_mkt_wap_messages_sent_at ON public.mkt_wap_messages (sent_at);
CREATE INDEX idx_mkt_wap_messages_sent_by ON public.mkt_wap_messages (sent_by);

-- WhatsApp policy and consent law: nothing new goes out to a contact who
-- opted out, whichever code path writes the message.
CREATE FUNCTION public.mkt_wap_messages_block_opted_out()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.direction = 'outbound' AND NEW.contact_id IS NOT NULL AND EXISTS (
       SELECT 1 FROM public.mkt_wap_contacts c
       WHERE c.id = NEW.contact_id AND c.opt_in_status = 'opted_out') THEN
    RAISE EXCEPTION 'WhatsApp contact % has opted out of messages', NEW.contact_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'mkt_wap_messages_contact_opted_out';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_mkt_wap_messages_block_opted_out
  BEFORE INSERT ON public.mkt_wap_messages
  FOR EACH ROW EXECUTE FUNCTION public.mkt_wap_messages_block_opted_out();

CREATE TRIGGER trg_mkt_wap_messages_updated_at
  BEFORE UPDATE ON public.mkt_wap_messages
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_wap_messages IS 'WhatsApp messages; campaign_id links straight to mkt_campaigns (no WhatsApp campaigns).';

-- ---------------------------------------------------------------------------
-- Persona -> group memberships. Join rows: CASCADE with either side.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_persona_group_memberships (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  persona_contact_id uuid NOT NULL REFERENCES public.mkt_persona_contacts (id) ON DELETE CASCADE,
  group_id           uuid NOT NULL REFERENCES public.mkt_wap_groups (id) ON DELETE CASCADE,
  role               text NOT NULL DEFAULT 'member',
  status             text NOT NULL DEFAULT 'active',
  joined_at          timestamptz NOT NULL DEFAULT now(),
  left_at            timestamptz,
  created_by         uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_persona_group_memberships_pair_key UNIQUE (persona_contact_id, group_id),
  CONSTRAINT mkt_persona_group_memberships_role_check CHECK (role IN ('member', 'admin')),
  CONSTRAINT mkt_persona_group_memberships_status_check CHECK (status IN ('active', 'left', 'removed')),
  CONSTRAINT mkt_persona_group_memberships_left_at_check CHECK (
    (status = 'active' AND left_at IS NULL) OR (status <> 'active' AND left_at IS NOT NULL AND left_at >= joined_at))
);

CREATE INDEX idx_mkt_persona_group_memberships_group_id ON public.mkt_persona_group_memberships (group_id);
CREATE INDEX idx_mkt_persona_group_memberships_status ON public.mkt_persona_group_memberships (status);
CREATE INDEX idx_mkt_persona_group_memberships_created_by ON public.mkt_persona_group_memberships (created_by);

CREATE TRIGGER trg_mkt_persona_group_memberships_updated_at
  BEFORE UPDATE ON public.mkt_persona_group_memberships
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_persona_group_memberships IS 'Which personas are in which WhatsApp groups.';
