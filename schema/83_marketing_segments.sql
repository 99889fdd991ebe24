-- 83_marketing_segments.sql — contact segments and their members (seed 001
-- tables 12–13), with segments.member_count kept by the database.
--
-- Creates: sequence marketing.segments_business_id_seq; marketing.segments,
--   marketing.segment_members; functions marketing.segments_guard_member_count(),
--   marketing.segment_members_refresh_counts(),
--   marketing.segment_members_truncate_counts(); their triggers.
-- Depends on: 00 (generate_uuid_v7, next_business_id, update_updated_at_column),
--   02 (directory.contacts), 80 (schema marketing).
-- Created before the campaigns (84), which reference segments.
--
-- Choices and seed notes:
--   * segment_id (SEG-NNNNNN) from its own sequence starting at 10001; unique
--     through the named index idx_seg_id (a UNIQUE constraint of that name).
--   * segment_members.segment_id leads UNIQUE (segment_id, contact_id), which
--     serves that FK; contact_id gets idx_segment_members_contact_id.
--   * member_count ("current count") = members of the segment with
--     removed_at IS NULL. Statement-level AFTER triggers with transition
--     tables recount exactly the segments a statement touched (INSERT,
--     DELETE — including cascades from a deleted contact —, UPDATE of
--     removed_at or segment_id; a moved member changes both segments), so a
--     multi-row statement costs one recount per segment, not per row.
--     The recount first locks the affected segment rows (in id order, so two
--     statements cannot deadlock on each other), then counts in a fresh
--     statement snapshot: a concurrent transaction that changed the same
--     segment has committed by then and is counted (READ COMMITTED).
--     TRUNCATE of segment_members sets every count to 0.
--   * member_count is not the caller's to set: a direct INSERT of a segment
--     starts at 0 and a direct UPDATE keeps the current count; only the
--     recount (running inside a trigger, pg_trigger_depth() > 1) changes it.
--     Recounting bumps segments.updated_at through the updated_at trigger,
--     and only when the count actually changed.

CREATE SEQUENCE marketing.segments_business_id_seq START WITH 10001;

-- 12. Guest/contact segments for targeting.
CREATE TABLE marketing.segments (
  id                  uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  segment_id          text NOT NULL DEFAULT public.next_business_id('SEG', 'marketing.segments_business_id_seq'),
  segment_name        text NOT NULL,
  segment_type        text,
  description         text,
  criteria            jsonb,
  member_count        integer DEFAULT 0,
  last_calculated_at  timestamptz,
  auto_refresh        boolean DEFAULT false,
  status              text DEFAULT 'active',
  created_by          text,
  created_at          timestamptz DEFAULT now(),
  updated_at          timestamptz DEFAULT now(),
  CONSTRAINT idx_seg_id UNIQUE (segment_id)
);

ALTER SEQUENCE marketing.segments_business_id_seq OWNED BY marketing.segments.segment_id;

COMMENT ON TABLE marketing.segments IS
  'Guest/contact segments for targeting. member_count is maintained from segment_members by triggers.';

CREATE TRIGGER trg_segments_updated_at
  BEFORE UPDATE ON marketing.segments
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- 13. Members of segments.
CREATE TABLE marketing.segment_members (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  segment_id  uuid NOT NULL REFERENCES marketing.segments (id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL REFERENCES directory.contacts (id) ON DELETE CASCADE,
  added_at    timestamptz DEFAULT now(),
  added_by    text,
  removed_at  timestamptz,
  CONSTRAINT segment_members_segment_id_contact_id_key UNIQUE (segment_id, contact_id)
);

COMMENT ON TABLE marketing.segment_members IS
  'Members of segments; a member with removed_at set is kept for history but not counted.';

CREATE INDEX idx_segment_members_contact_id ON marketing.segment_members (contact_id);

-- Direct writes cannot set member_count; the recount below (nested in a
-- trigger) can.
CREATE OR REPLACE FUNCTION marketing.segments_guard_member_count()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF pg_trigger_depth() <= 1 THEN
    IF TG_OP = 'INSERT' THEN
      NEW.member_count := 0;
    ELSE
      NEW.member_count := OLD.member_count;
    END IF;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_segments_guard_member_count
  BEFORE INSERT OR UPDATE ON marketing.segments
  FOR EACH ROW EXECUTE FUNCTION marketing.segments_guard_member_count();

-- One function for the three statement triggers; the transition tables that
-- exist for the event (new_rows for INSERT, old_rows for DELETE, both for
-- UPDATE) name the touched segments.
CREATE OR REPLACE FUNCTION marketing.segment_members_refresh_counts()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  touched uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT segment_id) INTO touched FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT segment_id) INTO touched FROM old_rows;
  ELSE
    -- Only rows whose counted state changed matter on UPDATE.
    SELECT array_agg(DISTINCT s) INTO touched
    FROM (
      SELECT o.segment_id AS s FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.segment_id IS DISTINCT FROM n.segment_id
         OR (o.removed_at IS NULL) IS DISTINCT FROM (n.removed_at IS NULL)
      UNION
      SELECT n.segment_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.segment_id IS DISTINCT FROM n.segment_id
         OR (o.removed_at IS NULL) IS DISTINCT FROM (n.removed_at IS NULL)
    ) AS changed;
  END IF;

  IF touched IS NULL THEN
    RETURN NULL;
  END IF;

  PERFORM 1 FROM marketing.segments WHERE id = ANY (touched) ORDER BY id FOR UPDATE;

  UPDATE marketing.segments s
  SET member_count = c.n
  FROM (
    SELECT t.id, (SELECT count(*)::integer
                  FROM marketing.segment_members m
                  WHERE m.segment_id = t.id AND m.removed_at IS NULL) AS n
    FROM unnest(touched) AS t(id)
  ) AS c
  WHERE s.id = c.id AND s.member_count IS DISTINCT FROM c.n;

  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_segment_members_count_insert
  AFTER INSERT ON marketing.segment_members
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_refresh_counts();

CREATE TRIGGER trg_segment_members_count_update
  AFTER UPDATE ON marketing.segment_members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_refresh_counts();

CREATE TRIGGER trg_segment_members_count_delete
  AFTER DELETE ON marketing.segment_members
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_refresh_counts();

CREATE OR REPLACE FUNCTION marketing.segment_members_truncate_counts()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE marketing.segments SET member_count = 0 WHERE member_count IS DISTINCT FROM 0;
  RETURN NULL;
END;
$$;

CREATE TRIGGER trg_segment_members_count_truncate
  AFTER TRUNCATE ON marketing.segment_members
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_truncate_counts();
