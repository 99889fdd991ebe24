/**
 * The content domain's own SQL (the generic CRUD statements cover the rest).
 * Every function is ONE statement, so one Data API call: each reports in the
 * same statement whether the content exists and why a write did not happen
 * (not allowed, stale If-Match, not a template, a cycle), so the service can
 * answer 404/409/412 without a second read.
 */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { MAX_ROW_JSON_BYTES, idCondition, ifMatchCondition, parentIdSql, rowVersionSql, settingsCte, VERSION_COLUMN, type SessionSettings, type Statement } from '../platform/crud/index.js';
import { statusMoveStatement } from '../platform/crud/status-move.js';
import { columnSql } from '../platform/lists/filters.js';
import { buildListQuery, toPage, type Page, type QueryInput } from '../platform/lists/list-query.js';
import { contentResource, versionListColumns } from './resources.js';
import { COMPONENT_REFERENCES } from './schemas.js';

const CONTENT = 'marketing.content';
const RETURNING = `RETURNING ${contentResource.select
  .split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, ${rowVersionSql('t')}`;

/** Columns a restore brings back: what the version trigger counts as substantive, except created_by (who made the piece stays). */
export const RESTORED_COLUMNS = [
  'property_id',
  'template_id',
  'title',
  'content_type',
  'content_body',
  'content_html',
  'excerpt',
  'meta_title',
  'meta_description',
  'keywords',
  'is_template',
  'author',
  'ai_generated',
  'ai_model',
  'tone',
  'target_audience',
  'word_count',
  'reading_time_min',
  'tags',
] as const;

/** Template fields copied into a new piece (title and property may be overridden). */
const COPIED_FROM_TEMPLATE = [
  'content_type',
  'content_body',
  'content_html',
  'excerpt',
  'meta_title',
  'meta_description',
  'keywords',
  'tone',
  'target_audience',
  'tags',
  'word_count',
  'reading_time_min',
] as const;

/** `WHERE` of the content named by a path `{id}`, or null when it can be neither uuid nor CON-NNNNNN. */
export function contentWhere(raw: string, alias: string): Statement | null {
  return idCondition(raw, alias, 'content_ref', contentResource.businessIdColumn);
}

function withSettings(settings: SessionSettings): { cte: string; from: string; params: Record<string, SqlValue> } {
  const cte = settingsCte(settings);
  return cte ? { cte: `${cte.sql},\n`, from: ', settings', params: cte.params } : { cte: '', from: '', params: {} };
}


export interface WriteOutcome {
  found: boolean;
  /** The written row and its version, when the write happened. */
  row: Row | null;
  version: string | null;
  /** Extra facts the statement reported (`_from_status`, `_is_template`, ...). */
  facts: Row;
}

function outcome(raw: Row | undefined): WriteOutcome {
  const { _found, [VERSION_COLUMN]: version, ...rest } = raw ?? {};
  const facts: Row = {};
  const row: Row = {};
  for (const [k, v] of Object.entries(rest)) (k.startsWith('_') ? facts : row)[k] = v;
  const written = version !== null && version !== undefined;
  return { found: _found === true, row: written ? row : null, version: written ? String(version) : null, facts };
}

/**
 * Moves a piece to `to` when its current status is one of `sources`;
 * published_at is set when it is published. `_from_status` tells a refused
 * move (409) from a stale If-Match (412).
 */
export async function changeStatus(
  executor: SqlExecutor,
  where: Statement,
  to: string,
  sources: readonly string[],
  ifMatch: string[] | '*' | undefined,
  settings: SessionSettings,
): Promise<WriteOutcome> {
  const move = statusMoveStatement({
    table: CONTENT,
    where,
    to,
    sources,
    ifMatch,
    returning: RETURNING,
    alsoSet: `published_at = CASE WHEN CAST(:to_status AS text) = 'published' THEN now() ELSE t.published_at END`,
    settings,
  });
  const { rows } = await executor.query(move.sql, move.params);
  return outcome(rows[0]);
}

export interface InstantiateInput {
  title?: string;
  /** Present (even null) to override the template's property. */
  property_id?: string | null;
  author?: string | null;
  created_by: string | null;
}

/** A new draft from a template in one INSERT ... SELECT; `_is_template` says why nothing was inserted. */
export async function instantiateTemplate(
  executor: SqlExecutor,
  where: Statement,
  input: InstantiateInput,
  settings: SessionSettings,
): Promise<WriteOutcome> {
  const s = withSettings(settings);
  const copied = COPIED_FROM_TEMPLATE.join(', ');
  // The template's JSON with the new title: close enough to the copy's size.
  const copyFits = `octet_length((to_jsonb(src) || jsonb_build_object('title', CAST(:title AS text)))::text) <= ${MAX_ROW_JSON_BYTES}`;
  const sql = `WITH ${s.cte}source AS (SELECT t.* FROM ${CONTENT} t WHERE ${where.sql}),
inserted AS (
  INSERT INTO ${CONTENT} AS t (template_id, is_template, status, title, property_id, author, created_by, ${copied})
  SELECT src.id, false, 'draft',
         coalesce(CAST(:title AS text), src.title),
         CASE WHEN CAST(:property_given AS boolean) THEN CAST(:property_id AS uuid) ELSE src.property_id END,
         CASE WHEN CAST(:author_given AS boolean) THEN CAST(:author AS text) ELSE src.author END,
         CAST(:created_by AS text),
         ${COPIED_FROM_TEMPLATE.map((c) => `src.${c}`).join(', ')}
  FROM source src${s.from}
  WHERE src.is_template IS TRUE AND ${copyFits}
  ${RETURNING}
)
SELECT EXISTS (SELECT 1 FROM source) AS _found, (SELECT is_template FROM source) AS _is_template,
       EXISTS (SELECT 1 FROM source src WHERE src.is_template IS TRUE AND NOT ${copyFits}) AS _too_large, inserted.*
FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  const { rows } = await executor.query(sql, {
    ...where.params,
    ...s.params,
    title: input.title ?? null,
    property_given: input.property_id !== undefined,
    property_id: input.property_id ? sqlValue.uuid(input.property_id) : null,
    author_given: input.author !== undefined,
    author: input.author ?? null,
    created_by: input.created_by,
  });
  return outcome(rows[0]);
}


/**
 * One page of a piece's versions, newest first, without snapshots (they can
 * be large; GET one version for its snapshot). The page query sits inside a
 * statement that also says whether the content exists, so an unknown piece is
 * a 404 rather than an empty page, still in one call.
 */
export async function listVersions(executor: SqlExecutor, where: Statement, query: QueryInput): Promise<Page<Row> | null> {
  const list = buildListQuery(
    {
      table: 'marketing.content_versions',
      select: `id, content_id, version_number, content_snapshot->>'title' AS title, changed_by, changed_at, change_summary`,
      columns: versionListColumns,
      defaultOrder: 'version_number.desc',
      where: { sql: 'content_id = (SELECT id FROM parent)' },
    },
    query,
  );
  // The outer ORDER BY repeats the page's order: a join does not promise to keep a subquery's.
  const outerOrder = list.order
    .map((k) => `page.${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`)
    .join(', ');
  const sql = `WITH parent AS (SELECT c.id FROM ${CONTENT} c WHERE ${where.sql})
SELECT EXISTS (SELECT 1 FROM parent) AS _parent_found, page.*
FROM (SELECT 1) one LEFT JOIN (${list.sql}) page ON true
ORDER BY ${outerOrder}`;
  const { rows } = await executor.query(sql, { ...list.params, ...where.params });
  if (rows[0]?._parent_found !== true) return null;
  const pageRows = rows.filter((r) => r.id !== null).map(({ _parent_found: _p, ...r }) => r);
  return toPage(pageRows, list);
}

export async function getVersion(executor: SqlExecutor, where: Statement, versionNumber: number): Promise<{ found: boolean; version: Row | null }> {
  const sql = `WITH parent AS (SELECT c.id FROM ${CONTENT} c WHERE ${where.sql})
SELECT EXISTS (SELECT 1 FROM parent) AS _found, v.id, v.content_id, v.version_number, v.content_snapshot, v.changed_by, v.changed_at, v.change_summary
FROM (SELECT 1) one
LEFT JOIN marketing.content_versions v ON v.content_id = (SELECT id FROM parent) AND v.version_number = :version_number`;
  const { rows } = await executor.query(sql, { ...where.params, version_number: versionNumber });
  const { _found, ...version } = rows[0] ?? {};
  return { found: _found === true, version: version.id ? version : null };
}

/**
 * Writes a version's substantive fields back in ONE UPDATE; the version
 * trigger then records the result as a new version (or none, when the content
 * already says exactly that). `_version_found` tells an unknown version apart.
 */
export async function restoreVersion(
  executor: SqlExecutor,
  where: Statement,
  versionNumber: number,
  ifMatch: string[] | '*' | undefined,
  settings: SessionSettings,
): Promise<WriteOutcome> {
  const s = withSettings(settings);
  const version = ifMatchCondition(ifMatch);
  const columns = RESTORED_COLUMNS.join(', ');
  // The restored row: the current one with the snapshot's fields over it.
  const snapshotFits = `octet_length((to_jsonb(t) || snapshot.content_snapshot)::text) <= ${MAX_ROW_JSON_BYTES}`;
  const sql = `WITH ${s.cte}target AS (SELECT t.id FROM ${CONTENT} t WHERE ${where.sql}),
snapshot AS (
  SELECT v.content_snapshot FROM marketing.content_versions v, target
  WHERE v.content_id = target.id AND v.version_number = :version_number
),
changed AS (
  UPDATE ${CONTENT} AS t SET (${columns}) = (${RESTORED_COLUMNS.map((c) => `r.${c}`).join(', ')})
  FROM target, snapshot${s.from}, jsonb_populate_record(NULL::${CONTENT}, snapshot.content_snapshot) r
  WHERE t.id = target.id AND ${version.sql} AND ${snapshotFits}
  ${RETURNING}
)
SELECT EXISTS (SELECT 1 FROM target) AS _found, EXISTS (SELECT 1 FROM snapshot) AS _version_found,
       EXISTS (SELECT 1 FROM ${CONTENT} t, target, snapshot WHERE t.id = target.id AND NOT ${snapshotFits}) AS _too_large, changed.*
FROM (SELECT 1) one LEFT JOIN changed ON true`;
  const { rows } = await executor.query(sql, { ...where.params, ...s.params, ...version.params, version_number: versionNumber });
  return outcome(rows[0]);
}

const COMPONENT_COLUMNS = 'id, parent_content_id, component_content_id, component_asset_id, component_type, position, created_at';

export interface ComponentInput {
  component_content_id?: string;
  component_asset_id?: string;
  component_type?: string;
  position?: number;
}

/**
 * Adds a component unless the child content already contains the parent
 * (anywhere below it), which would make the composition a cycle. Without a
 * position it goes after the last sibling (at most the integer limit, even when
 * a position near it was written behind the API).
 */
export async function addComponent(executor: SqlExecutor, where: Statement, input: ComponentInput): Promise<WriteOutcome> {
  // The child and the asset by uuid or business ID, resolved here; `_unknown_refs` names one that names no row.
  const ref = (field: keyof typeof COMPONENT_REFERENCES, param: string) => {
    const raw = input[field];
    const spec = COMPONENT_REFERENCES[field];
    return raw === undefined ? null : parentIdSql(raw, spec.table, param, spec.businessIdColumn);
  };
  const child = ref('component_content_id', 'child');
  const asset = ref('component_asset_id', 'asset');
  const given = [...(child ? ['child'] : []), ...(asset ? ['asset'] : [])];
  const names: Record<string, string> = { child: 'component_content_id', asset: 'component_asset_id' };
  const sql = `WITH RECURSIVE refs AS (SELECT ${child?.sql ?? 'CAST(NULL AS uuid)'} AS child, ${asset?.sql ?? 'CAST(NULL AS uuid)'} AS asset),
parent AS (SELECT t.id FROM ${CONTENT} t WHERE ${where.sql}),
below (id) AS (
  SELECT refs.child FROM refs WHERE refs.child IS NOT NULL
  UNION
  SELECT cc.component_content_id FROM marketing.content_components cc JOIN below b ON cc.parent_content_id = b.id
  WHERE cc.component_content_id IS NOT NULL
),
cycle AS (SELECT EXISTS (SELECT 1 FROM below, parent WHERE below.id = parent.id) AS yes),
inserted AS (
  INSERT INTO marketing.content_components AS t (parent_content_id, component_content_id, component_asset_id, component_type, position)
  SELECT parent.id, refs.child, refs.asset, CAST(:component_type AS text),
         coalesce(CAST(:position AS integer),
                  (SELECT least(coalesce(max(x.position), 0), 2147483646) + 1 FROM marketing.content_components x WHERE x.parent_content_id = parent.id))
  FROM parent, cycle, refs
  WHERE NOT cycle.yes${given.map((g) => ` AND refs.${g} IS NOT NULL`).join('')}
  RETURNING ${COMPONENT_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}, ${rowVersionSql('t')}
)
SELECT EXISTS (SELECT 1 FROM parent) AS _found, (SELECT yes FROM cycle) AS _cycle,
       (SELECT concat_ws(',', ${[...given.map((g) => `CASE WHEN refs.${g} IS NULL THEN '${names[g]}' END`), "''"].join(', ')}) FROM refs) AS _unknown_refs, inserted.*
FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  const { rows } = await executor.query(sql, {
    ...where.params,
    ...child?.params,
    ...asset?.params,
    component_type: input.component_type ?? null,
    position: input.position ?? null,
  });
  return outcome(rows[0]);
}

/** Removes one component of the piece; `_found` is the piece, `_removed` the component. */
export async function removeComponent(
  executor: SqlExecutor,
  where: Statement,
  componentId: string,
): Promise<{ found: boolean; removed: boolean }> {
  const sql = `WITH parent AS (SELECT t.id FROM ${CONTENT} t WHERE ${where.sql}),
removed AS (
  DELETE FROM marketing.content_components cc USING parent
  WHERE cc.parent_content_id = parent.id AND cc.id = :component_id
  RETURNING cc.id
)
SELECT EXISTS (SELECT 1 FROM parent) AS _found, EXISTS (SELECT 1 FROM removed) AS _removed`;
  const { rows } = await executor.query(sql, { ...where.params, component_id: sqlValue.uuid(componentId) });
  return { found: rows[0]?._found === true, removed: rows[0]?._removed === true };
}

/**
 * The most components one tree read returns. Each child content is expanded
 * once, so the answer holds at most one row per component link reachable
 * within max_depth; beyond this many the read is refused (422) rather than
 * building a response near API Gateway's and the Data API's 1 MiB.
 */
export const MAX_TREE_COMPONENTS = 1000;

/**
 * The components of every content reachable from a piece, each content
 * visited ONCE, in one statement. `reach` walks breadth first one level per
 * recursion step: a step's row holds the level's new content (`frontier`)
 * and everything seen so far (`seen`), so shared children are not walked
 * again whatever the number of paths to them (41 items with 148 links and
 * depth 10 had a million paths; they have 148 links). The walk stops at
 * max_depth or once more than MAX_TREE_COMPONENTS content is seen, and the
 * rows are cut at MAX_TREE_COMPONENTS + 1 so the caller can tell "too big".
 * Each row is one component link with `depth` = its parent's level + 1; the
 * service nests them (tree.ts).
 */
export async function componentRows(
  executor: SqlExecutor,
  where: Statement,
  maxDepth: number,
): Promise<{ rootId: string | null; rows: Row[] }> {
  const sql = `WITH RECURSIVE root AS (SELECT t.id FROM ${CONTENT} t WHERE ${where.sql}),
reach AS (
  SELECT 0 AS level, ARRAY[root.id] AS frontier, ARRAY[root.id] AS seen FROM root
  UNION ALL
  SELECT reach.level + 1, step.next, reach.seen || step.next
  FROM reach, LATERAL (
    SELECT array_agg(DISTINCT cc.component_content_id) AS next
    FROM marketing.content_components cc
    WHERE cc.parent_content_id = ANY(reach.frontier) AND cc.component_content_id IS NOT NULL
      AND NOT cc.component_content_id = ANY(reach.seen)
  ) step
  WHERE step.next IS NOT NULL AND reach.level + 1 < :max_depth AND cardinality(reach.seen) <= ${MAX_TREE_COMPONENTS}
),
expanded AS (SELECT unnest(frontier) AS content_id, level FROM reach),
links AS (
  SELECT cc.id, cc.parent_content_id, cc.component_content_id, cc.component_asset_id, cc.component_type, cc.position, cc.created_at,
         expanded.level + 1 AS depth
  FROM expanded JOIN marketing.content_components cc ON cc.parent_content_id = expanded.content_id
  ORDER BY expanded.level, cc.id
  LIMIT ${MAX_TREE_COMPONENTS + 1}
)
SELECT (SELECT id FROM root) AS _root_id,
       links.id, links.parent_content_id, links.component_content_id, links.component_asset_id, links.component_type,
       links.position, links.created_at, links.depth,
       (links.depth = :max_depth AND EXISTS (
          SELECT 1 FROM marketing.content_components x WHERE x.parent_content_id = links.component_content_id)) AS has_more,
       c.content_id AS child_business_id, c.title AS child_title, c.content_type AS child_type, c.status AS child_status,
       a.asset_id AS asset_business_id, a.filename AS asset_filename, a.asset_type AS asset_type, a.file_url AS asset_file_url
FROM (SELECT 1) one
LEFT JOIN links ON true
LEFT JOIN ${CONTENT} c ON c.id = links.component_content_id
LEFT JOIN marketing.content_library a ON a.id = links.component_asset_id`;
  const { rows } = await executor.query(sql, { ...where.params, max_depth: maxDepth });
  const rootId = rows[0]?._root_id;
  return { rootId: typeof rootId === 'string' ? rootId : null, rows: rows.filter((r) => r.id !== null) };
}
