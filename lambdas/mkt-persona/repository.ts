/**
 * Persona SQL beyond generic CRUD, each ONE statement: a contact with its
 * current scores, setting a score (an upsert; the history trigger of
 * schema/96 records it), the current scores and a page of a contact's score
 * history.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { rowVersionSql, settingsCte, VERSION_COLUMN } from '../platform/crud/index.js';
import { sqlValue } from '../platform/db/values.js';
import { columnSql } from '../platform/lists/filters.js';
import { buildListQuery, toPage, type Page, type QueryInput } from '../platform/lists/list-query.js';
import { personaContactResource, scoreHistoryColumns } from './resources.js';

const UUID_SQL = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
const SCORE_JSON = `jsonb_build_object('id', s.id, 'segment_id', s.segment_id, 'segment_code', sg.code, 'score', CAST(s.score AS text),
  'scoring_method', s.scoring_method, 'rationale', s.rationale, 'scored_at', s.scored_at, 'scored_by', s.scored_by)`;
/** The most recently scored first: what a contact read shows as its latest score. */
const SCORES_OF = (contact: string) => `(SELECT coalesce(jsonb_agg(${SCORE_JSON} ORDER BY s.scored_at DESC, s.id DESC), '[]')
  FROM public.mkt_persona_scores s JOIN public.mkt_segments sg ON sg.id = s.segment_id WHERE s.persona_contact_id = ${contact})`;

export async function getContact(executor: SqlExecutor, id: string): Promise<{ row: Row; version: string } | null> {
  const columns = personaContactResource.select.split(', ').map((c) => `t.${c}`).join(', ');
  const sql = `SELECT ${columns}, ${rowVersionSql('t')}, ${SCORES_OF('t.id')} AS scores
FROM public.mkt_persona_contacts t WHERE t.id = :id`;
  const { rows } = await executor.query(sql, { id: sqlValue.uuid(id) });
  if (!rows[0]) return null;
  const { [VERSION_COLUMN]: version, ...row } = rows[0];
  const scores = (row.scores as Row[] | undefined) ?? [];
  return { row: { ...row, latest_score: scores[0] ?? null }, version: String(version) };
}

export async function currentScores(executor: SqlExecutor, contactId: string): Promise<Row[] | null> {
  const sql = `SELECT EXISTS (SELECT 1 FROM public.mkt_persona_contacts WHERE id = :id) AS _found, ${SCORES_OF(':id')} AS scores`;
  const { rows } = await executor.query(sql, { id: sqlValue.uuid(contactId) });
  return rows[0]?._found === true ? ((rows[0].scores as Row[] | undefined) ?? []) : null;
}

export interface ScoreOutcome {
  contactFound: boolean;
  segmentFound: boolean;
  score: Row | null;
  created: boolean;
}

/**
 * Sets a persona's confidence for one segment: one row per pair, re-scoring
 * updates it (scored_at now; scored_by from the token via schema/95); the
 * previous values stay in the history table.
 */
export async function putScore(
  executor: SqlExecutor,
  contactId: string,
  segment: string,
  input: { score: string | number; scoring_method?: string | undefined; rationale?: string | null | undefined },
  actor: string | null,
): Promise<ScoreOutcome> {
  const settings = settingsCte({ 'app.actor': actor })!;
  const sql = `WITH ${settings.sql},
contact AS (SELECT c.id FROM public.mkt_persona_contacts c WHERE c.id = :contact_id),
segment AS (
  SELECT sg.id, sg.code FROM public.mkt_segments sg
  WHERE sg.id = CASE WHEN CAST(:segment AS text) ~ ${UUID_SQL} THEN CAST(:segment AS uuid) END OR sg.code = CAST(:segment AS text)
),
written AS (
  INSERT INTO public.mkt_persona_scores AS s (persona_contact_id, segment_id, score, scoring_method, rationale, scored_at)
  SELECT contact.id, segment.id, CAST(:score AS numeric), coalesce(CAST(:scoring_method AS text), 'manual'), CAST(:rationale AS text), now()
  FROM contact, segment, settings
  ON CONFLICT (persona_contact_id, segment_id) DO UPDATE
    SET score = EXCLUDED.score, scoring_method = EXCLUDED.scoring_method, rationale = EXCLUDED.rationale, scored_at = now()
  RETURNING s.*, (s.xmax = 0) AS created
)
SELECT EXISTS (SELECT 1 FROM contact) AS _contact_found, EXISTS (SELECT 1 FROM segment) AS _segment_found,
       (SELECT ${SCORE_JSON} FROM written s JOIN segment sg ON true) AS score,
       (SELECT created FROM written) AS created`;
  const { rows } = await executor.query(sql, {
    ...settings.params,
    contact_id: sqlValue.uuid(contactId),
    segment,
    score: sqlValue.decimal(String(input.score)),
    scoring_method: input.scoring_method ?? null,
    rationale: input.rationale ?? null,
  });
  const row = rows[0] ?? {};
  return {
    contactFound: row._contact_found === true,
    segmentFound: row._segment_found === true,
    score: (row.score as Row | null | undefined) ?? null,
    created: row.created === true,
  };
}

/**
 * A page of a contact's score history, newest first by default (index
 * (persona_contact_id, id) of schema/96) or in a requested order; null when
 * the contact does not exist. The page is joined to the existence check in
 * one statement, so the outer query repeats the page's order (a join need not
 * keep its input's order): the order keys are plain selected columns, and
 * PostgreSQL's defaults (ASC NULLS LAST, DESC NULLS FIRST) are the builder's.
 */
export async function scoreHistory(executor: SqlExecutor, contactId: string, query: QueryInput): Promise<Page<Row> | null> {
  const list = buildListQuery(
    {
      table: 'marketing_ops.persona_score_history',
      select: `id, persona_score_id, segment_id, (SELECT code FROM public.mkt_segments sg WHERE sg.id = segment_id) AS segment_code,
               CAST(score AS text) AS score, scoring_method, rationale, scored_at, scored_by, recorded_at`,
      columns: scoreHistoryColumns,
      defaultOrder: 'id.desc',
      where: { sql: 'persona_contact_id = :contact_id', params: { contact_id: sqlValue.uuid(contactId) } },
    },
    query,
  );
  const sql = `SELECT EXISTS (SELECT 1 FROM public.mkt_persona_contacts WHERE id = :contact_id) AS _found, page.*
FROM (SELECT 1) one LEFT JOIN (${list.sql}) page ON true
ORDER BY ${list.order.map((k) => `page.${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ')}`;
  const { rows } = await executor.query(sql, list.params);
  if (rows[0]?._found !== true) return null;
  return toPage(rows.filter((r) => r.id !== null).map(({ _found: _f, ...r }) => r), list);
}
