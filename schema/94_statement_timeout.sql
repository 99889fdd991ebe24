-- API calls must fail before their Lambda does (29 s; the Data API allows 45 s):
-- the role the Data API connects as gets a statement_timeout of 20 s in this
-- database, so a slow statement ends with SQLSTATE 57014 and the API answers
-- 503 instead of API Gateway timing out. Migrations and background refreshes
-- set their own budget per transaction (set_config('statement_timeout', ..., true)).
-- It applies to sessions that start after this file. There is no per-call field
-- for it: the Data API runs one statement per call, so a SET cannot ride along.
DO $$
BEGIN
  EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', current_user, current_database(), '20s');
END
$$;
