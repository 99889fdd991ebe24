-- 01_core_and_ref.sql — minimal platform core: profiles.
--
-- Seed 000 names `profiles` (from 01_core_and_ref.sql) as a dependency of the
-- mkt module (owners, creators, assignees). This is the smallest version that
-- satisfies those references; a fuller platform database keeps its own
-- (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS public.profiles (
  id          uuid PRIMARY KEY DEFAULT public.generate_uuid_v7(),
  auth_user_id uuid UNIQUE REFERENCES public.auth_users (id) ON DELETE SET NULL,
  full_name   text,
  email       text,
  role        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

DROP TRIGGER IF EXISTS trg_profiles_updated_at ON public.profiles;
CREATE TRIGGER trg_profiles_updated_at
  BEFORE UPDATE ON public.profiles
  FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
