-- 106_content_restore_version.sql — a restore always makes a new version.
--
-- Replaces: function marketing.content_version_bump() (from 81).
-- Depends on: 81 (marketing.content, its version triggers).
--
-- Choices:
--   * The README promises that restoring a version makes a new version, with
--     the restore's change_summary. 81's trigger bumps only on a substantive
--     change, so restoring a snapshot identical to the current row changed
--     nothing and recorded nothing. The API's restore statement now sets
--     app.force_version = 'true' (transaction-local, like app.actor), and
--     the bump counts that as substantive. Every other edit behaves as before.

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
  ELSIF (to_jsonb(NEW) - non_substantive) IS DISTINCT FROM (to_jsonb(OLD) - non_substantive)
     OR current_setting('app.force_version', true) = 'true' THEN
    NEW.version := coalesce(OLD.version, 0) + 1;
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END;
$$;
