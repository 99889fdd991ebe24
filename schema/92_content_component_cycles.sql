-- 92_content_component_cycles.sql — content composition must stay a tree, even
-- under concurrent writes.
--
-- Creates: function marketing_ops.content_components_no_cycle() and the
--   deferred constraint trigger trg_content_components_no_cycle on
--   marketing.content_components.
-- Depends on: 82 (marketing.content_components), 90 (schema marketing_ops).
--
-- Why: the API refuses a component that would make a piece contain itself,
-- but it checks against the statement's snapshot. Two transactions adding
-- A -> B and B -> A at the same time each see no cycle and both succeed. This
-- trigger runs at commit, serialised on one advisory lock, and in READ
-- COMMITTED each query in it takes a fresh snapshot: the second committer sees
-- the first one's row and is refused. The error is a check violation named
-- content_components_no_cycle, so callers get the same answer as from the API's
-- own check. No column or CHECK of the seed's table changes.

CREATE OR REPLACE FUNCTION marketing_ops.content_components_no_cycle()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.component_content_id IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('marketing.content_components:no_cycle'));
  IF NEW.component_content_id = NEW.parent_content_id OR EXISTS (
    WITH RECURSIVE below (id) AS (
      SELECT c.component_content_id
        FROM marketing.content_components c
       WHERE c.parent_content_id = NEW.component_content_id AND c.component_content_id IS NOT NULL
      UNION
      SELECT c.component_content_id
        FROM marketing.content_components c
        JOIN below ON c.parent_content_id = below.id
       WHERE c.component_content_id IS NOT NULL
    )
    SELECT 1 FROM below WHERE below.id = NEW.parent_content_id
  ) THEN
    RAISE EXCEPTION 'new row for relation "content_components" violates check constraint "content_components_no_cycle"'
      USING ERRCODE = 'check_violation',
            CONSTRAINT = 'content_components_no_cycle',
            DETAIL = 'Adding this component would make the content contain itself.';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER trg_content_components_no_cycle
  AFTER INSERT OR UPDATE OF parent_content_id, component_content_id ON marketing.content_components
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION marketing_ops.content_components_no_cycle();
