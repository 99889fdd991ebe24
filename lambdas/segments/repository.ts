/**
 * All of the segments domain's SQL. Every function is ONE statement (one Data
 * API call) that also reports, in the same statement, why it did nothing
 * (no such segment, wrong type, unknown contacts, a refresh already running),
 * so callers answer 404/409/422 without a second read. Used by the API and by
 * the segment-refresh worker, so it knows nothing of HTTP.
 */
import { idCondition, type Statement } from '../platform/crud/index.js';
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { columnSql } from '../platform/lists/filters.js';
import { buildListQuery, toPage, type Page, type QueryInput } from '../platform/lists/list-query.js';
import { membersQuery, type CompiledCriteria } from './criteria/compile.js';
import type { CriteriaCatalog, CriterionSpec, DataType } from './criteria/language.js';
import { memberListColumns, segmentResource } from './resources.js';

const SEGMENTS = 'marketing.segments';
const MEMBERS = 'marketing.segment_members';

/** `WHERE` of the segment a path `{id}` names, or null when it can be neither uuid nor SEG-NNNNNN. */
export function segmentWhere(raw: string, alias = 't'): Statement | null {
  return idCondition(raw, alias, 'segment_ref', segmentResource.businessIdColumn);
}

/** The active criteria of the reference table, with their qualifiers (config.qualifiers). */
export async function readCriteriaCatalog(db: SqlExecutor): Promise<CriteriaCatalog> {
  const { rows } = await db.query(`SELECT code, data_type, operators, allowed_values,
       ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(config->'qualifiers') = 'array' THEN config->'qualifiers' ELSE '[]'::jsonb END)) AS qualifiers
  FROM marketing.ref_segment_criteria WHERE is_active ORDER BY sort_order, code`);
  return new Map(
    rows.map((r): [string, CriterionSpec] => [
      String(r.code),
      {
        code: String(r.code),
        data_type: r.data_type as DataType,
        operators: (r.operators as string[] | null) ?? [],
        allowed_values: (r.allowed_values as string[] | null) ?? null,
        qualifiers: (r.qualifiers as string[] | null) ?? [],
      },
    ]),
  );
}

export interface SegmentForWork {
  id: string;
  segment_id: string;
  segment_type: string | null;
  criteria: unknown;
}

const forWork = (r: Row): SegmentForWork => ({
  id: String(r.id),
  segment_id: String(r.segment_id),
  segment_type: (r.segment_type as string | null) ?? null,
  criteria: r.criteria ?? null,
});

/** The segment's id, type and stored criteria (what a refresh or an explanation compiles). */
export async function readSegmentForWork(db: SqlExecutor, where: Statement): Promise<SegmentForWork | null> {
  const { rows } = await db.query(`SELECT t.id, t.segment_id, t.segment_type, t.criteria FROM ${SEGMENTS} t WHERE ${where.sql}`, where.params);
  return rows[0] ? forWork(rows[0]) : null;
}

/** Active dynamic auto-refresh segments, least recently calculated first. */
export async function listAutoRefreshSegments(db: SqlExecutor, limit: number): Promise<SegmentForWork[]> {
  const { rows } = await db.query(
    `SELECT id, segment_id, segment_type, criteria FROM ${SEGMENTS}
      WHERE auto_refresh AND segment_type = 'dynamic' AND criteria IS NOT NULL AND coalesce(status, 'active') = 'active'
      ORDER BY last_calculated_at NULLS FIRST, id
      LIMIT :limit`,
    { limit },
  );
  return rows.map(forWork);
}

const INPUT_IDS = `input AS (
  SELECT DISTINCT CAST(x AS uuid) AS contact_id FROM jsonb_array_elements_text(CAST(:contact_ids AS jsonb)) AS x)`;

export interface AddOutcome {
  found: boolean;
  segmentType: string | null;
  /** Ids that name no contact: nothing was written. */
  unknown: string[];
  added: number;
  readmitted: number;
  requested: number;
}

/**
 * Adds contacts to a static segment in one INSERT ... ON CONFLICT: new ones
 * are inserted, removed ones re-admitted (removed_at cleared), current ones
 * left alone, so repeating the request changes nothing. Writes nothing when
 * any id names no contact, or the segment is dynamic.
 */
export async function addMembers(db: SqlExecutor, where: Statement, contactIds: readonly string[], actor: string | null): Promise<AddOutcome> {
  const sql = `WITH seg AS (SELECT t.id, t.segment_type FROM ${SEGMENTS} t WHERE ${where.sql}),
${INPUT_IDS},
unknown AS (SELECT i.contact_id FROM input i WHERE NOT EXISTS (SELECT 1 FROM directory.contacts c WHERE c.id = i.contact_id)),
target AS (SELECT seg.id FROM seg WHERE seg.segment_type IS DISTINCT FROM 'dynamic' AND NOT EXISTS (SELECT 1 FROM unknown)),
written AS (
  INSERT INTO ${MEMBERS} AS m (segment_id, contact_id, added_by)
  SELECT target.id, input.contact_id, CAST(:actor AS text) FROM target, input
  ON CONFLICT (segment_id, contact_id) DO UPDATE SET removed_at = NULL, added_at = now(), added_by = EXCLUDED.added_by
   WHERE m.removed_at IS NOT NULL
  RETURNING (m.xmax = 0) AS inserted)
SELECT EXISTS (SELECT 1 FROM seg) AS _found, (SELECT segment_type FROM seg) AS _type,
       ARRAY(SELECT CAST(contact_id AS text) FROM unknown) AS _unknown,
       (SELECT count(*) FROM written WHERE inserted) AS added,
       (SELECT count(*) FROM written WHERE NOT inserted) AS readmitted,
       (SELECT count(*) FROM input) AS requested`;
  const { rows } = await db.query(sql, { ...where.params, contact_ids: sqlValue.json(contactIds), actor });
  const r = rows[0] ?? {};
  return {
    found: r._found === true,
    segmentType: (r._type as string | null) ?? null,
    unknown: (r._unknown as string[] | null) ?? [],
    added: Number(r.added ?? 0),
    readmitted: Number(r.readmitted ?? 0),
    requested: Number(r.requested ?? 0),
  };
}

export interface RemoveOutcome {
  found: boolean;
  segmentType: string | null;
  removed: number;
  requested: number;
}

/** Stamps removed_at on current members among the ids (rows kept as history); idempotent. */
export async function removeMembers(db: SqlExecutor, where: Statement, contactIds: readonly string[]): Promise<RemoveOutcome> {
  const sql = `WITH seg AS (SELECT t.id, t.segment_type FROM ${SEGMENTS} t WHERE ${where.sql}),
${INPUT_IDS},
removed AS (
  UPDATE ${MEMBERS} AS m SET removed_at = now()
    FROM seg
   WHERE seg.segment_type IS DISTINCT FROM 'dynamic' AND m.segment_id = seg.id AND m.removed_at IS NULL
     AND m.contact_id IN (SELECT contact_id FROM input)
  RETURNING 1)
SELECT EXISTS (SELECT 1 FROM seg) AS _found, (SELECT segment_type FROM seg) AS _type,
       (SELECT count(*) FROM removed) AS removed, (SELECT count(*) FROM input) AS requested`;
  const { rows } = await db.query(sql, { ...where.params, contact_ids: sqlValue.json(contactIds) });
  const r = rows[0] ?? {};
  return { found: r._found === true, segmentType: (r._type as string | null) ?? null, removed: Number(r.removed ?? 0), requested: Number(r.requested ?? 0) };
}

export type MemberState = 'current' | 'removed' | 'all';
const STATE_SQL: Record<MemberState, string> = { current: 'removed_at IS NULL', removed: 'removed_at IS NOT NULL', all: 'true' };

/** One page of a segment's members; null when the segment does not exist (still one statement). */
export async function listMembers(db: SqlExecutor, where: Statement, query: QueryInput, state: MemberState): Promise<Page<Row> | null> {
  const list = buildListQuery(
    {
      table: MEMBERS,
      select: 'id, segment_id, contact_id, added_at, added_by, removed_at',
      columns: memberListColumns,
      idColumn: 'contact_id',
      defaultOrder: 'contact_id.asc',
      where: { sql: `segment_id = (SELECT id FROM parent) AND ${STATE_SQL[state]}` },
      passThrough: ['state'],
    },
    query,
  );
  // The outer ORDER BY repeats the page's: a join does not promise to keep a subquery's order.
  const outerOrder = list.order.map((k) => `page.${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`).join(', ');
  const sql = `WITH parent AS (SELECT t.id FROM ${SEGMENTS} t WHERE ${where.sql})
SELECT EXISTS (SELECT 1 FROM parent) AS _parent_found, page.*
FROM (SELECT 1) one LEFT JOIN (${list.sql}) page ON true
ORDER BY ${outerOrder}`;
  const { rows } = await db.query(sql, { ...list.params, ...where.params });
  if (rows[0]?._parent_found !== true) return null;
  return toPage(
    rows.filter((r) => r.id !== null).map(({ _parent_found: _p, ...r }) => r),
    list,
  );
}

// The refresh (a lock statement, then one set-based statement) lives in refresh-members.ts.
export { REFRESH_LOCK_PREFIX, refreshSegmentMembers, type RefreshOutcome, type RefreshSettings } from './refresh-members.js';

export interface ContactEvaluation {
  contactFound: boolean;
  isMember: boolean;
  /** Per condition, in document order. */
  truths: boolean[];
}

/** Each condition's truth for one contact, and whether it is a current member (aggregates read only its rows). */
export async function evaluateContact(db: SqlExecutor, segmentUuid: string, contactId: string, compiled: CompiledCriteria): Promise<ContactEvaluation> {
  const columns = compiled.conditions.map((c, i) => `${c} AS k${i}`).join(',\n       ');
  const sql = `SELECT EXISTS (SELECT 1 FROM ${MEMBERS} m WHERE m.segment_id = :segment_uuid AND m.contact_id = c.id AND m.removed_at IS NULL) AS _member,
       ${columns}
  FROM directory.contacts c
${compiled.joins}
 WHERE c.id = :contact_id`;
  const { rows } = await db.query(sql, { ...compiled.params, segment_uuid: sqlValue.uuid(segmentUuid), contact_id: sqlValue.uuid(contactId) });
  const r = rows[0];
  if (!r) return { contactFound: false, isMember: false, truths: [] };
  return { contactFound: true, isMember: r._member === true, truths: compiled.conditions.map((_, i) => r[`k${i}`] === true) };
}

export interface Preview {
  count: number;
  sample: Array<{ contact_id: string; full_name: string | null; email: string | null }>;
}

/** How many contacts the criteria select now, and the first few by id; writes nothing. */
export async function previewCriteria(db: SqlExecutor, compiled: CompiledCriteria, sampleSize: number): Promise<Preview> {
  const sql = `WITH m AS MATERIALIZED (${membersQuery(compiled)})
SELECT (SELECT count(*) FROM m) AS total,
       (SELECT coalesce(json_agg(json_build_object('contact_id', s.id, 'full_name', s.full_name, 'email', s.email) ORDER BY s.id), '[]'::json)
          FROM (SELECT c.id, c.full_name, c.email FROM m JOIN directory.contacts c ON c.id = m.contact_id
                 ORDER BY c.id LIMIT :sample_size) s) AS sample`;
  const { rows } = await db.query(sql, { ...compiled.params, sample_size: sampleSize });
  const r = rows[0] ?? {};
  return { count: Number(r.total ?? 0), sample: (r.sample as Preview['sample'] | null) ?? [] };
}
