-- 98_segment_member_counts.sql — segments.member_count kept exact
-- incrementally, replacing the per-statement recount of 83.
--
-- Creates: function marketing.segment_members_count_deltas(); triggers
--   trg_segment_members_delta_insert / _update / _delete.
-- Drops: the recount triggers trg_segment_members_count_insert / _update /
--   _delete and their function marketing.segment_members_refresh_counts().
-- Keeps: the guard (segments_guard_member_count) and the TRUNCATE trigger of 83.
-- Depends on: 83.
--
-- Why: 83 recounted every touched segment from segment_members after each
-- statement, so stamping 1,000 leavers of a 100,000-member segment counted all
-- 100,000 rows (267 ms, issue 10). Here the same statement triggers read only
-- their transition tables: per segment, +1 for each row that became counted
-- (removed_at IS NULL) and -1 for each that stopped being counted, and add
-- that delta to member_count. The cost follows the rows the statement
-- changed, not the segment's size.
--
-- Exactness under concurrency: the touched segment rows are locked in id order
-- first (two statements cannot deadlock on each other), then
-- `member_count + delta` is applied by an UPDATE, which under READ COMMITTED
-- adds to the latest committed count; a concurrent writer's delta is never
-- lost. Starting from the exact counts 83 left, the counts stay exact; the
-- recount at the end of this file re-establishes that once anyway.

CREATE OR REPLACE FUNCTION marketing.segment_members_count_deltas()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  ids    uuid[];
  deltas integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(d.segment_id ORDER BY d.segment_id), array_agg(d.n ORDER BY d.segment_id)
      INTO ids, deltas
      FROM (SELECT segment_id, count(*)::integer AS n
              FROM new_rows WHERE removed_at IS NULL GROUP BY segment_id) AS d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(d.segment_id ORDER BY d.segment_id), array_agg(-d.n ORDER BY d.segment_id)
      INTO ids, deltas
      FROM (SELECT segment_id, count(*)::integer AS n
              FROM old_rows WHERE removed_at IS NULL GROUP BY segment_id) AS d;
  ELSE
    -- Counted after minus counted before, per segment: covers removals,
    -- re-admissions and members moved between segments.
    SELECT array_agg(d.segment_id ORDER BY d.segment_id), array_agg(d.n ORDER BY d.segment_id)
      INTO ids, deltas
      FROM (SELECT segment_id, sum(change)::integer AS n
              FROM (SELECT segment_id, 1 AS change FROM new_rows WHERE removed_at IS NULL
                    UNION ALL
                    SELECT segment_id, -1 FROM old_rows WHERE removed_at IS NULL) AS c
             GROUP BY segment_id
            HAVING sum(change) <> 0) AS d;
  END IF;

  IF ids IS NULL THEN
    RETURN NULL;
  END IF;

  PERFORM 1 FROM marketing.segments WHERE id = ANY (ids) ORDER BY id FOR UPDATE;

  -- Nested in this trigger, the guard of 83 lets member_count change.
  UPDATE marketing.segments AS s
     SET member_count = coalesce(s.member_count, 0) + d.delta
    FROM unnest(ids, deltas) AS d(id, delta)
   WHERE s.id = d.id AND d.delta <> 0;

  RETURN NULL;
END;
$$;

DROP TRIGGER trg_segment_members_count_insert ON marketing.segment_members;
DROP TRIGGER trg_segment_members_count_update ON marketing.segment_members;
DROP TRIGGER trg_segment_members_count_delete ON marketing.segment_members;
DROP FUNCTION marketing.segment_members_refresh_counts();

CREATE TRIGGER trg_segment_members_delta_insert
  AFTER INSERT ON marketing.segment_members
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_count_deltas();

CREATE TRIGGER trg_segment_members_delta_update
  AFTER UPDATE ON marketing.segment_members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_count_deltas();

CREATE TRIGGER trg_segment_members_delta_delete
  AFTER DELETE ON marketing.segment_members
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION marketing.segment_members_count_deltas();

-- One exact recount to start the deltas from, with the guard off for this
-- statement only (this file applies in one transaction).
ALTER TABLE marketing.segments DISABLE TRIGGER trg_segments_guard_member_count;

UPDATE marketing.segments AS s
   SET member_count = c.n
  FROM (SELECT g.id,
               (SELECT count(*)::integer FROM marketing.segment_members m
                 WHERE m.segment_id = g.id AND m.removed_at IS NULL) AS n
          FROM marketing.segments g) AS c
 WHERE s.id = c.id AND s.member_count IS DISTINCT FROM c.n;

ALTER TABLE marketing.segments ENABLE TRIGGER trg_segments_guard_member_count;
