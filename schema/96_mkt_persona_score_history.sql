-- 96_mkt_persona_score_history.sql — the history of persona confidence scores.
--
-- mkt_persona_scores (73) keeps ONE row per persona and segment, and
-- re-scoring updates it: the current confidence. Issue 11 asks for the
-- history to be kept as well, with the latest score the one a contact read
-- shows. The history is a rule whatever the writer does, so it is kept by the
-- database: every insert of a score and every update that changes its value,
-- method or rationale appends the new state here. The table is append-only
-- (the API only reads it) and is detail of the persona (CASCADE), so erasing
-- a persona erases its history too.
--
-- Added here rather than in 73: applied schema files are never edited. It
-- lives in marketing_ops (the API's own operational tables, as in 90 and 91),
-- not as a 31st mkt_* table: the module is the seed's 30 tables.

CREATE SCHEMA IF NOT EXISTS marketing_ops;

CREATE TABLE marketing_ops.persona_score_history (
  id                 uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  persona_score_id   uuid NOT NULL REFERENCES public.mkt_persona_scores (id) ON DELETE CASCADE,
  persona_contact_id uuid NOT NULL REFERENCES public.mkt_persona_contacts (id) ON DELETE CASCADE,
  segment_id         uuid NOT NULL REFERENCES public.mkt_segments (id) ON DELETE CASCADE,
  score              numeric(5, 2) NOT NULL,
  scoring_method     text NOT NULL,
  rationale          text,
  scored_at          timestamptz NOT NULL,
  scored_by          uuid REFERENCES public.profiles (id) ON DELETE SET NULL,
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT persona_score_history_score_check CHECK (score BETWEEN 0 AND 100)
);

-- A persona's history, newest first (uuidv7 ids are time-ordered): the index ends in the tie-breaker.
CREATE INDEX idx_persona_score_history_contact_id ON marketing_ops.persona_score_history (persona_contact_id, id);
CREATE INDEX idx_persona_score_history_score_id ON marketing_ops.persona_score_history (persona_score_id);
CREATE INDEX idx_persona_score_history_segment_id ON marketing_ops.persona_score_history (segment_id);
CREATE INDEX idx_persona_score_history_scored_by ON marketing_ops.persona_score_history (scored_by);

COMMENT ON TABLE marketing_ops.persona_score_history IS 'Every persona score as it was set (append-only); mkt_persona_scores holds the current one.';

CREATE FUNCTION public.mkt_persona_scores_record_history()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.score, NEW.scoring_method, NEW.rationale) IS NOT DISTINCT FROM (OLD.score, OLD.scoring_method, OLD.rationale) THEN
    RETURN NEW;
  END IF;
  INSERT INTO marketing_ops.persona_score_history
    (persona_score_id, persona_contact_id, segment_id, score, scoring_method, rationale, scored_at, scored_by)
  VALUES (NEW.id, NEW.persona_contact_id, NEW.segment_id, NEW.score, NEW.scoring_method, NEW.rationale, NEW.scored_at, NEW.scored_by);
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_mkt_persona_scores_history
  AFTER INSERT OR UPDATE ON public.mkt_persona_scores
  FOR EACH ROW EXECUTE FUNCTION public.mkt_persona_scores_record_history();
