/**
 * The content framework's own SQL, each ONE statement: reference rows by
 * code, repurposing a master (checked against its pillar's allowed types in
 * the inserting statement), a master's tree, promoting an idea to content
 * (insert and idea update together) and the cross-channel calendar.
 * Statements report why nothing was written so the service can answer
 * 404/409 without a second read.
 */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { idCondition, rowVersionSql, settingsCte, VERSION_COLUMN, type Statement } from '../platform/crud/index.js';
import { sqlValue } from '../platform/db/values.js';
import { contentResource } from './resources.js';
import { MAX_CALENDAR_ROWS, MAX_TREE_CHILDREN } from './schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_SQL = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
const CONTENT = 'public.mkt_con_content';
const RETURNING = `RETURNING ${contentResource.select
  .split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, ${rowVersionSql('t')}`;

export async function getReference(executor: SqlExecutor, table: string, select: string, code: string): Promise<Row | undefined> {
  const where = UUID.test(code) ? 'id = CAST(:code AS uuid)' : 'code = :code';
  const { rows } = await executor.query(`SELECT ${select} FROM ${table} WHERE ${where}`, { code });
  return rows[0];
}

export function contentWhere(raw: string, alias: string): Statement | null {
  return idCondition(raw, alias, 'content_ref', 'content_code');
}

export interface Outcome {
  /** The written row and its version, when the write happened. */
  row: Row | null;
  version: string | null;
  /** What the statement reported (`_found`, `_role`, `_allowed`, ...). */
  facts: Row;
}

function outcome(raw: Row | undefined): Outcome {
  const facts: Row = {};
  const row: Row = {};
  for (const [k, v] of Object.entries(raw ?? {})) (k.startsWith('_') && k !== VERSION_COLUMN ? facts : row)[k] = v;
  const version = row[VERSION_COLUMN];
  delete row[VERSION_COLUMN];
  const written = version !== null && version !== undefined;
  return { row: written ? row : null, version: written ? String(version) : null, facts };
}

/** A body field given (even as null) replaces the master's; one left out is copied from it. */
const givenOr = (name: string, type = 'text') => `CASE WHEN CAST(:body AS jsonb) ? '${name}' THEN CAST(CAST(:body AS jsonb)->>'${name}' AS ${type}) ELSE m.${name} END`;

/**
 * A repurposed child of a master, inheriting its pillar, topic and segment.
 * Refused in the same statement when the piece is not a master or when its
 * pillar does not list the new type among its allowed content types.
 */
export async function repurpose(executor: SqlExecutor, where: Statement, body: Record<string, unknown>, actor: string | null): Promise<Outcome> {
  const settings = settingsCte({ 'app.actor': actor })!;
  const sql = `WITH ${settings.sql},
master AS (SELECT t.* FROM ${CONTENT} t WHERE ${where.sql}),
allowed AS (
  SELECT m.pillar_id IS NULL OR EXISTS (
    SELECT 1 FROM public.mkt_con_pillar_content_types pct WHERE pct.pillar_id = m.pillar_id AND pct.content_type_id = CAST(:content_type_id AS uuid)
  ) AS yes FROM master m
),
inserted AS (
  INSERT INTO ${CONTENT} AS t (content_role, parent_content_id, content_type_id, pillar_id, ndp_topic_id, segment_id,
                               title, summary, body, call_to_action, media_url, language)
  SELECT 'repurposed', m.id, CAST(:content_type_id AS uuid), m.pillar_id, m.ndp_topic_id, m.segment_id,
         coalesce(CAST(CAST(:body AS jsonb)->>'title' AS text), m.title), ${givenOr('summary')}, ${givenOr('body')},
         ${givenOr('call_to_action')}, ${givenOr('media_url')}, coalesce(CAST(CAST(:body AS jsonb)->>'language' AS text), m.language)
  FROM master m, allowed, settings
  WHERE m.content_role = 'master' AND allowed.yes
  ${RETURNING}
)
SELECT EXISTS (SELECT 1 FROM master) AS _found, (SELECT content_role FROM master) AS _role,
       (SELECT yes FROM allowed) AS _allowed, (SELECT p.pillar_code FROM public.mkt_con_pillars p JOIN master m ON p.id = m.pillar_id) AS _pillar_code,
       inserted.*
FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  const { rows } = await executor.query(sql, {
    ...settings.params,
    ...where.params,
    content_type_id: sqlValue.uuid(String(body.content_type_id)),
    body: sqlValue.json(body),
  });
  return outcome(rows[0]);
}

const NODE = (alias: string) =>
  `'id', ${alias}.id, 'content_code', ${alias}.content_code, 'content_role', ${alias}.content_role, 'content_type_id', ${alias}.content_type_id,
   'content_type_code', (SELECT ty.code FROM public.mkt_con_types ty WHERE ty.id = ${alias}.content_type_id),
   'title', ${alias}.title, 'status', ${alias}.status, 'language', ${alias}.language,
   'published_at', ${alias}.published_at, 'updated_at', ${alias}.updated_at`;

/**
 * The master of the named piece (itself, or its parent) with its repurposed
 * pieces. The hierarchy is one level deep (trigger in schema/72), so no
 * recursion is needed; children are capped, and `truncated` says so.
 */
export async function contentTree(executor: SqlExecutor, where: Statement): Promise<Row | null> {
  const sql = `WITH piece AS (SELECT t.id, t.parent_content_id FROM ${CONTENT} t WHERE ${where.sql}),
root AS (SELECT m.* FROM ${CONTENT} m JOIN piece p ON m.id = coalesce(p.parent_content_id, p.id)),
kids AS (
  SELECT k.* FROM ${CONTENT} k JOIN root ON k.parent_content_id = root.id ORDER BY k.id LIMIT ${MAX_TREE_CHILDREN + 1}
)
SELECT jsonb_build_object(${NODE('r')}, 'pillar_id', r.pillar_id,
  'repurposed', (SELECT coalesce(jsonb_agg(jsonb_build_object(${NODE('k')},
      'channel_codes', (SELECT coalesce(jsonb_agg(DISTINCT ch.code), '[]') FROM public.mkt_con_schedule s JOIN public.mkt_channels ch ON ch.id = s.channel_id WHERE s.content_id = k.id)
    ) ORDER BY k.id), '[]') FROM (SELECT * FROM kids ORDER BY id LIMIT ${MAX_TREE_CHILDREN}) k),
  'truncated', (SELECT count(*) FROM kids) > ${MAX_TREE_CHILDREN}) AS tree
FROM root r`;
  const { rows } = await executor.query(sql, where.params);
  return (rows[0]?.tree as Row | undefined) ?? null;
}

/** Idea statuses from which an idea may still become content. */
export const PROMOTABLE = ['new', 'under_review', 'approved'] as const;

/**
 * Content from an idea, linked to it (source_idea_id), and the idea moved to
 * in_production, in one statement; the idea row is locked so two promotions
 * of the same idea cannot both happen.
 */
export async function promoteIdea(
  executor: SqlExecutor,
  ideaId: string,
  input: { content_type_id?: string | undefined; title?: string | undefined; body?: string | null | undefined },
  actor: string | null,
): Promise<Outcome> {
  const settings = settingsCte({ 'app.actor': actor })!;
  const sql = `WITH ${settings.sql},
idea AS (SELECT i.* FROM public.mkt_con_ideas i WHERE i.id = :idea_id FOR UPDATE),
inserted AS (
  INSERT INTO ${CONTENT} AS t (content_type_id, pillar_id, ndp_topic_id, segment_id, source_idea_id, title, summary, body)
  SELECT coalesce(CAST(:content_type_id AS uuid), idea.content_type_id), idea.pillar_id, idea.ndp_topic_id, idea.segment_id, idea.id,
         coalesce(CAST(:title AS text), idea.title), idea.description, CAST(:body AS text)
  FROM idea, settings
  WHERE idea.status = ANY(CAST(:promotable AS text[])) AND coalesce(CAST(:content_type_id AS uuid), idea.content_type_id) IS NOT NULL
  ${RETURNING}
),
marked AS (
  UPDATE public.mkt_con_ideas i SET status = 'in_production' FROM inserted WHERE i.id = inserted.source_idea_id RETURNING i.id
)
SELECT EXISTS (SELECT 1 FROM idea) AS _found, (SELECT status FROM idea) AS _status,
       (SELECT content_type_id IS NOT NULL FROM idea) AS _idea_has_type, EXISTS (SELECT 1 FROM marked) AS _marked, inserted.*
FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  const params: Record<string, SqlValue> = {
    ...settings.params,
    idea_id: sqlValue.uuid(ideaId),
    content_type_id: input.content_type_id ? sqlValue.uuid(input.content_type_id) : null,
    title: input.title ?? null,
    body: input.body ?? null,
    promotable: sqlValue.textArray(PROMOTABLE),
  };
  const { rows } = await executor.query(sql, params);
  return outcome(rows[0]);
}

export interface CalendarRange {
  from: string;
  to: string;
  channel?: string | undefined;
}

/** Schedule slots in [from, to) across channels (or one), in time order, capped; null when the named channel does not exist. */
export async function calendar(executor: SqlExecutor, range: CalendarRange): Promise<{ rows: Row[]; truncated: boolean } | null> {
  const channel = range.channel === undefined
    ? 'SELECT ch.id, ch.code FROM public.mkt_channels ch'
    : `SELECT ch.id, ch.code FROM public.mkt_channels ch WHERE ch.id = CASE WHEN CAST(:channel AS text) ~ ${UUID_SQL} THEN CAST(:channel AS uuid) END OR ch.code = CAST(:channel AS text)`;
  const sql = `WITH ch AS (${channel}),
slots AS (
  SELECT s.id, s.scheduled_for, s.status, s.channel_id, ch.code AS channel_code, s.content_id, c.content_code, c.title, s.campaign_id
  FROM public.mkt_con_schedule s JOIN ch ON ch.id = s.channel_id JOIN ${CONTENT} c ON c.id = s.content_id
  WHERE s.scheduled_for >= CAST(:from AS timestamptz) AND s.scheduled_for < CAST(:to AS timestamptz)
  ORDER BY s.scheduled_for, s.id
  LIMIT ${MAX_CALENDAR_ROWS + 1}
)
SELECT EXISTS (SELECT 1 FROM ch) AS _channel_found, slots.*
FROM (SELECT 1) one LEFT JOIN slots ON true
ORDER BY slots.scheduled_for, slots.id`;
  const { rows } = await executor.query(sql, {
    from: sqlValue.timestamp(new Date(range.from)),
    to: sqlValue.timestamp(new Date(range.to)),
    ...(range.channel === undefined ? {} : { channel: range.channel }),
  });
  if (rows[0]?._channel_found !== true) return null;
  const slots = rows.filter((r) => r.id !== null).map(({ _channel_found: _c, ...r }) => r);
  return { rows: slots.slice(0, MAX_CALENDAR_ROWS), truncated: slots.length > MAX_CALENDAR_ROWS };
}
