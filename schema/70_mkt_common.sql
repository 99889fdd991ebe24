-- 70_mkt_common.sql — mkt module, part 1 of 5: the tables every other mkt file
-- builds on.
--
-- Creates (9 tables, public schema):
--   mkt_segments                      stakeholder segments (seeded: 11)
--   mkt_channels                      marketing channels (seeded: 10)
--   mkt_campaigns                     top-level campaigns, business code MCMP-010001
--   mkt_campaign_segment_assignments  campaign -> segments
--   mkt_campaign_ndp_assignments      campaign -> NDP topics   (FK added in 71)
--   mkt_campaign_pillar_assignments   campaign -> pillars      (FK added in 72)
--   mkt_campaign_content_assignments  campaign -> content      (FK added in 72)
--   mkt_kpis                          platform KPIs, one row per day
--   mkt_social_kpis                   channel KPIs, one row per channel per day
--
-- Depends on: 00_auth_custom.sql (generate_uuid_v7, next_business_id,
-- update_updated_at_column), 01_core_and_ref.sql (profiles).
--
-- Seed defect fixed here: seed 000 claims a table may REFERENCE one created in
-- a later file because "PostgreSQL validates foreign keys when data is
-- inserted". It does not — REFERENCES needs the target table to exist when the
-- constraint is created, so the seed's order would fail on an empty database.
-- The three assignment tables whose targets live in later files therefore get
-- their column (and index) here, and their FOREIGN KEY is added by the file
-- that creates the target, with ALTER TABLE ... ADD CONSTRAINT:
--   mkt_campaign_ndp_assignments.ndp_topic_id   -> 71_mkt_ndp.sql
--   mkt_campaign_pillar_assignments.pillar_id   -> 72_mkt_content.sql
--   mkt_campaign_content_assignments.content_id -> 72_mkt_content.sql
-- Each file is applied in its own transaction, in order, so no row can be
-- written between the CREATE here and the ADD CONSTRAINT there.
--
-- Conventions for the whole module: UUIDv7 primary keys; reference tables have
-- a stable snake_case `code` the API looks rows up by; join rows CASCADE with
-- either side; optional links and people (profiles) SET NULL; links whose loss
-- would change a row's meaning RESTRICT (deactivate with is_active instead).
-- The UNIQUE pair on a join table doubles as the index for its first column.

-- ---------------------------------------------------------------------------
-- Segments: who we market to.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_segments (
  id                uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  code              text NOT NULL,
  name              text NOT NULL,
  stakeholder_group text NOT NULL,
  description       text,
  sort_order        integer NOT NULL DEFAULT 0,
  is_active         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_segments_code_key UNIQUE (code),
  CONSTRAINT mkt_segments_name_key UNIQUE (name),
  CONSTRAINT mkt_segments_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT mkt_segments_stakeholder_group_check
    CHECK (stakeholder_group IN ('owner', 'investor', 'guest', 'partner'))
);

CREATE INDEX idx_mkt_segments_stakeholder_group ON public.mkt_segments (stakeholder_group);
CREATE INDEX idx_mkt_segments_is_active ON public.mkt_segments (is_active);

CREATE TRIGGER trg_mkt_segments_updated_at
  BEFORE UPDATE ON public.mkt_segments
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_segments IS 'Stakeholder segments of a short-term rental management business (owners, investors, guests, partners).';

INSERT INTO public.mkt_segments (code, name, stakeholder_group, sort_order, description) VALUES
  ('prospective_owners', 'Prospective Property Owners', 'owner', 10,
   'Owners of homes or condos weighing professional short-term rental management against self-managing or long-term letting.'),
  ('managed_owners', 'Current Managed Owners', 'owner', 20,
   'Owners whose properties we already manage: retention, upsell of services, referrals.'),
  ('property_investors', 'Short-Term Rental Investors', 'investor', 30,
   'Investors buying or financing properties for vacation-rental income who need revenue projections and turnkey management.'),
  ('real_estate_agents', 'Real Estate Agents & Brokers', 'partner', 40,
   'Agents and brokers who sell investment properties and refer buyers and sellers to a management company.'),
  ('leisure_families', 'Leisure Families & Couples', 'guest', 50,
   'Vacationers booking whole homes for family holidays, getaways and anniversaries.'),
  ('group_event_guests', 'Group & Event Guests', 'guest', 60,
   'Groups booking large homes for weddings, reunions, retreats and celebrations.'),
  ('business_travelers', 'Business & Corporate Travelers', 'guest', 70,
   'Professionals and companies booking stays for work trips, projects and relocations.'),
  ('remote_workers', 'Remote Workers & Mid-Term Guests', 'guest', 80,
   'Digital nomads and travel nurses booking monthly stays with reliable wifi and workspace.'),
  ('repeat_guests', 'Repeat & Direct-Booking Guests', 'guest', 90,
   'Past guests who can be won back for direct bookings without OTA commission.'),
  ('local_experience_partners', 'Local Experience Partners', 'partner', 100,
   'Restaurants, tour operators, chefs and activity providers whose offers we bundle for guests.'),
  ('service_vendors', 'Cleaning & Maintenance Vendors', 'partner', 110,
   'Housekeeping, linen, maintenance and pool/spa vendors we recruit and keep informed.');

-- ---------------------------------------------------------------------------
-- Channels: where marketing is published or sent.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_channels (
  id           uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  code         text NOT NULL,
  name         text NOT NULL,
  channel_type text NOT NULL,
  description  text,
  sort_order   integer NOT NULL DEFAULT 0,
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_channels_code_key UNIQUE (code),
  CONSTRAINT mkt_channels_name_key UNIQUE (name),
  CONSTRAINT mkt_channels_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT mkt_channels_channel_type_check
    CHECK (channel_type IN ('social', 'video', 'messaging', 'email', 'web', 'search', 'marketplace'))
);

CREATE INDEX idx_mkt_channels_channel_type ON public.mkt_channels (channel_type);
CREATE INDEX idx_mkt_channels_is_active ON public.mkt_channels (is_active);

CREATE TRIGGER trg_mkt_channels_updated_at
  BEFORE UPDATE ON public.mkt_channels
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_channels IS 'Marketing channels (LinkedIn, Facebook, WhatsApp, email, ...).';

INSERT INTO public.mkt_channels (code, name, channel_type, sort_order, description) VALUES
  ('linkedin', 'LinkedIn', 'social', 10, 'Owner and investor acquisition, thought leadership.'),
  ('facebook', 'Facebook', 'social', 20, 'Community groups, owner referrals and guest remarketing.'),
  ('instagram', 'Instagram', 'social', 30, 'Property photography, reels and destination inspiration for guests.'),
  ('tiktok', 'TikTok', 'video', 40, 'Short property tours and destination videos.'),
  ('youtube', 'YouTube', 'video', 50, 'Long-form property tours, owner education and webinars.'),
  ('whatsapp', 'WhatsApp', 'messaging', 60, 'Owner, investor and guest groups and one-to-one broadcasts.'),
  ('email', 'Email', 'email', 70, 'Newsletters, owner updates and guest direct-booking offers.'),
  ('website', 'Website & Blog', 'web', 80, 'Company website, blog, landing pages and direct-booking engine.'),
  ('google_business', 'Google Business Profile', 'search', 90, 'Local search presence, reviews and posts.'),
  ('ota_listings', 'Airbnb & Vrbo Listings', 'marketplace', 100, 'Listing titles, descriptions and photo sets on booking platforms.');

-- ---------------------------------------------------------------------------
-- Campaigns: the top-level unit every channel executes against (WhatsApp too —
-- there are no per-channel campaign tables).
-- ---------------------------------------------------------------------------
CREATE SEQUENCE public.mkt_campaigns_code_seq START 10001;

CREATE TABLE public.mkt_campaigns (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_code      text NOT NULL DEFAULT public.next_business_id('MCMP', 'public.mkt_campaigns_code_seq'),
  name               text NOT NULL,
  description        text,
  objective          text NOT NULL DEFAULT 'awareness',
  status             text NOT NULL DEFAULT 'draft',
  start_date         date,
  end_date           date,
  budget_amount      numeric(12, 2),
  currency           text NOT NULL DEFAULT 'USD',
  primary_channel_id uuid REFERENCES public.mkt_channels (id) ON DELETE SET NULL,
  owner_id           uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_by         uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_campaigns_campaign_code_key UNIQUE (campaign_code),
  CONSTRAINT mkt_campaigns_campaign_code_format CHECK (campaign_code ~ '^MCMP-[0-9]{6,}$'),
  CONSTRAINT mkt_campaigns_objective_check CHECK (objective IN (
    'awareness', 'owner_acquisition', 'owner_retention', 'investor_acquisition',
    'direct_bookings', 'guest_retention', 'partner_recruitment', 'reputation')),
  CONSTRAINT mkt_campaigns_status_check
    CHECK (status IN ('draft', 'planned', 'active', 'paused', 'completed', 'cancelled')),
  CONSTRAINT mkt_campaigns_dates_check CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CONSTRAINT mkt_campaigns_budget_check CHECK (budget_amount IS NULL OR budget_amount >= 0),
  CONSTRAINT mkt_campaigns_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

ALTER SEQUENCE public.mkt_campaigns_code_seq OWNED BY public.mkt_campaigns.campaign_code;

CREATE INDEX idx_mkt_campaigns_status ON public.mkt_campaigns (status);
CREATE INDEX idx_mkt_campaigns_objective ON public.mkt_campaigns (objective);
CREATE INDEX idx_mkt_campaigns_start_date ON public.mkt_campaigns (start_date);
CREATE INDEX idx_mkt_campaigns_end_date ON public.mkt_campaigns (end_date);
CREATE INDEX idx_mkt_campaigns_primary_channel_id ON public.mkt_campaigns (primary_channel_id);
CREATE INDEX idx_mkt_campaigns_owner_id ON public.mkt_campaigns (owner_id);
CREATE INDEX idx_mkt_campaigns_created_by ON public.mkt_campaigns (created_by);

CREATE TRIGGER trg_mkt_campaigns_updated_at
  BEFORE UPDATE ON public.mkt_campaigns
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_campaigns IS 'Top-level marketing campaigns; every channel (WhatsApp included) links here.';

-- ---------------------------------------------------------------------------
-- Campaign assignments (many-to-many). Join rows: CASCADE with either side.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_campaign_segment_assignments (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_id uuid NOT NULL REFERENCES public.mkt_campaigns (id) ON DELETE CASCADE,
  segment_id  uuid NOT NULL REFERENCES public.mkt_segments (id) ON DELETE CASCADE,
  is_primary  boolean NOT NULL DEFAULT false,
  created_by  uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_campaign_segment_assignments_pair_key UNIQUE (campaign_id, segment_id)
);

CREATE INDEX idx_mkt_campaign_segment_assignments_segment_id ON public.mkt_campaign_segment_assignments (segment_id);
CREATE INDEX idx_mkt_campaign_segment_assignments_created_by ON public.mkt_campaign_segment_assignments (created_by);
-- At most one primary segment per campaign.
CREATE UNIQUE INDEX uq_mkt_campaign_segment_assignments_primary
  ON public.mkt_campaign_segment_assignments (campaign_id) WHERE is_primary;

-- ndp_topic_id's FOREIGN KEY to mkt_ndp_topics is added in 71_mkt_ndp.sql.
CREATE TABLE public.mkt_campaign_ndp_assignments (
  id           uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_id  uuid NOT NULL REFERENCES public.mkt_campaigns (id) ON DELETE CASCADE,
  ndp_topic_id uuid NOT NULL,
  created_by   uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_campaign_ndp_assignments_pair_key UNIQUE (campaign_id, ndp_topic_id)
);

CREATE INDEX idx_mkt_campaign_ndp_assignments_ndp_topic_id ON public.mkt_campaign_ndp_assignments (ndp_topic_id);
CREATE INDEX idx_mkt_campaign_ndp_assignments_created_by ON public.mkt_campaign_ndp_assignments (created_by);

-- pillar_id's FOREIGN KEY to mkt_con_pillars is added in 72_mkt_content.sql.
CREATE TABLE public.mkt_campaign_pillar_assignments (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_id uuid NOT NULL REFERENCES public.mkt_campaigns (id) ON DELETE CASCADE,
  pillar_id   uuid NOT NULL,
  created_by  uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_campaign_pillar_assignments_pair_key UNIQUE (campaign_id, pillar_id)
);

CREATE INDEX idx_mkt_campaign_pillar_assignments_pillar_id ON public.mkt_campaign_pillar_assignments (pillar_id);
CREATE INDEX idx_mkt_campaign_pillar_assignments_created_by ON public.mkt_campaign_pillar_assignments (created_by);

-- content_id's FOREIGN KEY to mkt_con_content is added in 72_mkt_content.sql.
CREATE TABLE public.mkt_campaign_content_assignments (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  campaign_id uuid NOT NULL REFERENCES public.mkt_campaigns (id) ON DELETE CASCADE,
  content_id  uuid NOT NULL,
  created_by  uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_campaign_content_assignments_pair_key UNIQUE (campaign_id, content_id)
);

CREATE INDEX idx_mkt_campaign_content_assignments_content_id ON public.mkt_campaign_content_assignments (content_id);
CREATE INDEX idx_mkt_campaign_content_assignments_created_by ON public.mkt_campaign_content_assignments (created_by);

-- ---------------------------------------------------------------------------
-- KPIs. Platform KPIs: one row per day for the whole business.
-- ---------------------------------------------------------------------------
CREATE TABLE public.mkt_kpis (
  id                     uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  kpi_date               date NOT NULL,
  website_sessions       integer NOT NULL DEFAULT 0,
  owner_leads            integer NOT NULL DEFAULT 0,
  investor_leads         integer NOT NULL DEFAULT 0,
  guest_inquiries        integer NOT NULL DEFAULT 0,
  direct_bookings        integer NOT NULL DEFAULT 0,
  direct_booking_revenue numeric(12, 2) NOT NULL DEFAULT 0,
  new_management_contracts integer NOT NULL DEFAULT 0,
  email_subscribers      integer NOT NULL DEFAULT 0,
  whatsapp_messages_sent integer NOT NULL DEFAULT 0,
  content_published      integer NOT NULL DEFAULT 0,
  marketing_spend        numeric(12, 2) NOT NULL DEFAULT 0,
  currency               text NOT NULL DEFAULT 'USD',
  notes                  text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_kpis_kpi_date_key UNIQUE (kpi_date),
  CONSTRAINT mkt_kpis_non_negative CHECK (
    website_sessions >= 0 AND owner_leads >= 0 AND investor_leads >= 0 AND guest_inquiries >= 0
    AND direct_bookings >= 0 AND direct_booking_revenue >= 0 AND new_management_contracts >= 0
    AND email_subscribers >= 0 AND whatsapp_messages_sent >= 0 AND content_published >= 0
    AND marketing_spend >= 0),
  CONSTRAINT mkt_kpis_currency_check CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE TRIGGER trg_mkt_kpis_updated_at
  BEFORE UPDATE ON public.mkt_kpis
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_kpis IS 'Platform marketing KPIs, one row per day.';

-- Social KPIs: one row per channel per day. A channel with history is
-- deactivated rather than deleted (RESTRICT), so its history keeps its meaning.
CREATE TABLE public.mkt_social_kpis (
  id               uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  channel_id       uuid NOT NULL REFERENCES public.mkt_channels (id) ON DELETE RESTRICT,
  kpi_date         date NOT NULL,
  followers        integer NOT NULL DEFAULT 0,
  follower_change  integer NOT NULL DEFAULT 0,
  posts_published  integer NOT NULL DEFAULT 0,
  impressions      integer NOT NULL DEFAULT 0,
  reach            integer NOT NULL DEFAULT 0,
  engagements      integer NOT NULL DEFAULT 0,
  link_clicks      integer NOT NULL DEFAULT 0,
  video_views      integer NOT NULL DEFAULT 0,
  messages_received integer NOT NULL DEFAULT 0,
  engagement_rate  numeric(7, 4) GENERATED ALWAYS AS (
    CASE WHEN impressions > 0 THEN round(engagements::numeric / impressions, 4) END) STORED,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mkt_social_kpis_channel_date_key UNIQUE (channel_id, kpi_date),
  CONSTRAINT mkt_social_kpis_non_negative CHECK (
    followers >= 0 AND posts_published >= 0 AND impressions >= 0 AND reach >= 0
    AND engagements >= 0 AND link_clicks >= 0 AND video_views >= 0 AND messages_received >= 0)
);

CREATE INDEX idx_mkt_social_kpis_kpi_date ON public.mkt_social_kpis (kpi_date);

CREATE TRIGGER trg_mkt_social_kpis_updated_at
  BEFORE UPDATE ON public.mkt_social_kpis
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

COMMENT ON TABLE public.mkt_social_kpis IS 'Social media KPIs per channel per day.';
