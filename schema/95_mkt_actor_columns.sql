-- 95_mkt_actor_columns.sql — who did it, from the token, for the mkt module.
--
-- The mkt tables say who created, submitted, scored or sent a row in uuid
-- columns referencing public.profiles (created_by, submitted_by, scored_by,
-- sent_by). The API never takes those from a request body: it passes the
-- caller's token subject as the transaction-local setting `app.actor` (set by
-- the writing statement itself, see lambdas/platform/crud/statements.ts
-- settingsCte), and this trigger resolves it to the caller's profile
-- (profiles.auth_user_id = the Cognito subject). A subject with no profile
-- (or one that is not a uuid) leaves the column NULL rather than failing the
-- write: the column is an optional link to a person (ON DELETE SET NULL).
--
-- Without the setting (plain SQL, imports, tests' fixtures) the row's own
-- value is kept, so this file changes nothing for writers other than the API.
--
-- Only added here, never edited into 70–74: those files are applied already.

CREATE FUNCTION public.mkt_set_actor_profile()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  actor text := nullif(current_setting('app.actor', true), '');
BEGIN
  IF actor IS NULL THEN
    RETURN NEW;
  END IF;
  -- TG_ARGV[0] names the column; jsonb_populate_record sets one column of NEW by name.
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0],
    (SELECT p.id FROM public.profiles p WHERE p.auth_user_id::text = actor)));
  RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.mkt_set_actor_profile() IS
  'Sets the column named by the trigger argument to the profile of current_setting(''app.actor'') when that setting is present.';

CREATE TRIGGER trg_mkt_campaigns_actor BEFORE INSERT ON public.mkt_campaigns
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_campaign_segment_assignments_actor BEFORE INSERT ON public.mkt_campaign_segment_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_campaign_ndp_assignments_actor BEFORE INSERT ON public.mkt_campaign_ndp_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_campaign_pillar_assignments_actor BEFORE INSERT ON public.mkt_campaign_pillar_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_campaign_content_assignments_actor BEFORE INSERT ON public.mkt_campaign_content_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_ndp_topics_actor BEFORE INSERT ON public.mkt_ndp_topics
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_ndp_topic_segments_actor BEFORE INSERT ON public.mkt_ndp_topic_segments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_pillars_actor BEFORE INSERT ON public.mkt_con_pillars
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_pillar_content_types_actor BEFORE INSERT ON public.mkt_con_pillar_content_types
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_ideas_actor BEFORE INSERT ON public.mkt_con_ideas
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('submitted_by');
CREATE TRIGGER trg_mkt_con_content_actor BEFORE INSERT ON public.mkt_con_content
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_tags_actor BEFORE INSERT ON public.mkt_con_tags
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_tag_assignments_actor BEFORE INSERT ON public.mkt_con_tag_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_pillar_tag_assignments_actor BEFORE INSERT ON public.mkt_con_pillar_tag_assignments
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_con_schedule_actor BEFORE INSERT ON public.mkt_con_schedule
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_persona_contacts_actor BEFORE INSERT ON public.mkt_persona_contacts
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
-- Re-scoring updates the one row per persona and segment, so who scored it follows every write.
CREATE TRIGGER trg_mkt_persona_scores_actor BEFORE INSERT OR UPDATE ON public.mkt_persona_scores
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('scored_by');
CREATE TRIGGER trg_mkt_persona_attributes_actor BEFORE INSERT ON public.mkt_persona_attributes
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_wap_accounts_actor BEFORE INSERT ON public.mkt_wap_accounts
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_wap_groups_actor BEFORE INSERT ON public.mkt_wap_groups
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
CREATE TRIGGER trg_mkt_wap_messages_actor BEFORE INSERT ON public.mkt_wap_messages
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('sent_by');
CREATE TRIGGER trg_mkt_persona_group_memberships_actor BEFORE INSERT ON public.mkt_persona_group_memberships
  FOR EACH ROW EXECUTE FUNCTION public.mkt_set_actor_profile('created_by');
