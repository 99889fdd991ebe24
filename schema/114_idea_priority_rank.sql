-- 114_idea_priority_rank.sql — ideas can be ordered by priority.
--
-- Creates: the generated column public.mkt_con_ideas.priority_rank (1 low,
--   2 medium, 3 high) and the index idx_mkt_con_ideas_priority_rank_id
--   (priority_rank, id) behind `GET /v1/mkt/ideas?order=priority_rank.desc`.
-- Depends on: 72 (mkt_con_ideas and its priority CHECK), 111.
--
-- Why: priority is text ('low', 'medium', 'high'), and text orders as high,
-- low, medium, so 111 left it out of the orderable columns. A client triaging
-- ideas wants the high ones first. The rank is derived by the database from
-- priority (GENERATED ... STORED), so it can never disagree with it, and is
-- read-only to the API; a keyset page on it is one range of the (rank, id)
-- index, like every other order (see 93).
--
-- ADD COLUMN ... STORED rewrites the table once; ideas are a planning list
-- (thousands of rows), so this runs in well under a second.

ALTER TABLE public.mkt_con_ideas
  ADD COLUMN IF NOT EXISTS priority_rank smallint NOT NULL
    GENERATED ALWAYS AS (CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END) STORED;

COMMENT ON COLUMN public.mkt_con_ideas.priority_rank IS
  'priority as a number for ordering (1 low, 2 medium, 3 high), generated from priority.';

CREATE INDEX IF NOT EXISTS idx_mkt_con_ideas_priority_rank_id ON public.mkt_con_ideas (priority_rank, id);
