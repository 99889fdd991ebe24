-- 99_segment_criteria.sql — what a segment's type says about its criteria,
-- and the qualifiers the criteria language allows on event criteria.
--
-- Creates: function marketing.segments_check_criteria(); trigger
--   trg_segments_check_criteria.
-- Changes: ref_segment_criteria.config of campaign_event and engaged_campaign.
-- Depends on: 80, 83.
--
--   * A 'dynamic' segment has criteria (its members come from them); any other
--     segment (static, or no type) has none (its members are added by hand).
--     The seed allows no CHECK here (its CHECK lists are mirrored exactly), so
--     a trigger raises the same SQLSTATE 23514 with a constraint name the API
--     maps to a 422 at body.criteria, whoever writes.
--   * config.qualifiers lists the extra keys a condition on that field may
--     carry (see lambdas/segments/criteria/); the validator reads them here.

CREATE OR REPLACE FUNCTION marketing.segments_check_criteria()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.segment_type = 'dynamic' AND NEW.criteria IS NULL THEN
    RAISE EXCEPTION 'new row for relation "segments" violates check constraint "segments_criteria_check"'
      USING ERRCODE = 'check_violation', DETAIL = 'A dynamic segment needs criteria.';
  END IF;
  IF NEW.segment_type IS DISTINCT FROM 'dynamic' AND NEW.criteria IS NOT NULL THEN
    RAISE EXCEPTION 'new row for relation "segments" violates check constraint "segments_criteria_check"'
      USING ERRCODE = 'check_violation', DETAIL = 'Only a dynamic segment has criteria.';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_segments_check_criteria
  BEFORE INSERT OR UPDATE OF segment_type, criteria ON marketing.segments
  FOR EACH ROW EXECUTE FUNCTION marketing.segments_check_criteria();

UPDATE marketing.ref_segment_criteria
   SET config = config || '{"qualifiers": ["campaign_id", "within_last_days", "at_least"]}'::jsonb
 WHERE code = 'campaign_event';

UPDATE marketing.ref_segment_criteria
   SET config = config || '{"qualifiers": ["within_last_days", "at_least"]}'::jsonb
 WHERE code = 'engaged_campaign';
