/**
 * The SQL of the generic CRUD operations. Each is ONE statement (one Data API
 * call): conditional writes report in the same statement whether the row
 * existed and whether If-Match held, so 404 and 412 need no second read.
 *
 * Bodies travel as one JSON parameter and become a row with
 * jsonb_populate_record(NULL::table, ...): PostgreSQL itself converts each
 * field to the column's type (text[], jsonb, numeric, date, ...), so there is
 * no per-type casting code and no array parameter (the Data API has none).
 *
 * The row version behind ETags is md5 of the row's JSON: it changes with any
 * column, works for tables without updated_at, and is computed where the row is.
 */
import type { SqlValue } from '../db/executor.js';
import { sqlValue } from '../db/values.js';
import { parentIdSql } from './id-match.js';

export const VERSION_COLUMN = '_version';

/**
 * The Data API refuses any result row over 64 KB, so a row bigger than that
 * could be stored but never read back (nor any list page holding it). Writes
 * refuse rows whose JSON text exceeds this, in the writing statement itself,
 * leaving room for the version and any computed columns of the select list.
 */
export const MAX_ROW_JSON_BYTES = 60000;
/** Set on the result row of a write refused for its size. */
export const TOO_LARGE_COLUMN = '_too_large';

export interface Statement {
  sql: string;
  params: Record<string, SqlValue>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertColumns(columns: readonly string[]): void {
  for (const c of columns) if (!IDENTIFIER.test(c)) throw new Error(`Not a plain column name: ${c}`);
}

/** `t.a, t.b` from `a, b` so the select list works against an aliased table. */
function qualified(select: string, alias: string): string {
  return select
    .split(',')
    .map((c) => c.trim())
    .map((c) => (IDENTIFIER.test(c) ? `${alias}.${c}` : c))
    .join(', ');
}

/**
 * Transaction-local settings (`set_config(name, value, true)`) for triggers
 * that read `current_setting(name, true)`, e.g. who made an edit. They must be
 * applied by the writing statement itself (the Data API runs each call in its
 * own transaction), so they come as a CTE that the write joins in its FROM:
 * PostgreSQL evaluates it before producing the first row to write, and never
 * inlines it (set_config is volatile). A null value is sent as '' (unset).
 */
export type SessionSettings = Readonly<Record<string, string | null>>;

const SETTING_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/** `settings AS (SELECT set_config(...), ...)` and its parameters, or null without settings. */
export function settingsCte(settings: SessionSettings | undefined): Statement | null {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return null;
  const params: Record<string, SqlValue> = {};
  const calls = entries.map(([name, value], i) => {
    if (!SETTING_NAME.test(name)) throw new Error(`Not a custom setting name: ${name}`);
    params[`setting_${i}`] = value ?? '';
    return `set_config('${name}', CAST(:setting_${i} AS text), true) AS s${i}`;
  });
  return { sql: `settings AS (SELECT ${calls.join(', ')})`, params };
}

/** The row version behind ETags, as an expression over the row `alias`. */
export function rowVersionExpr(alias: string): string {
  return `md5(to_jsonb(${alias})::text)`;
}

/** The row version as the `_version` column of a select or RETURNING list. */
export function rowVersionSql(alias: string): string {
  return `${rowVersionExpr(alias)} AS ${VERSION_COLUMN}`;
}

export function selectOne(table: string, select: string, where: string, params: Record<string, SqlValue>): Statement {
  return { sql: `SELECT ${qualified(select, 't')}, ${rowVersionSql('t')} FROM ${table} t WHERE ${where}`, params };
}

/** The table a uuid foreign key points at, and its business-ID column. */
export interface Reference {
  table: string;
  businessIdColumn: string;
}
/** A resource's reference columns (FieldOptions.references), by column. */
export type References = Readonly<Record<string, Reference>>;

/** Set on the result row of a write: the reference columns whose uuid or business ID named no row (`a,b`), or ''. */
export const UNKNOWN_REFS_COLUMN = '_unknown_refs';

interface ResolvedReferences {
  /** The values still sent as the JSON body. */
  json: Record<string, unknown>;
  /** `refs AS (SELECT (SELECT p.id …) AS col, …)`, or null without references in the values. */
  cte: Statement | null;
  columns: string[];
}

/**
 * A reference written by uuid or business ID is resolved in the writing
 * statement itself (a scalar subquery to the target's uuid, no extra round
 * trip): the value leaves the JSON body and the row takes `refs.<column>`.
 * An unknown one is NULL there, so the write does not happen and the
 * statement says which (UNKNOWN_REFS_COLUMN), for a 422 naming the field.
 * NULL and values of neither form stay in the body (zod refuses the latter).
 */
function resolveReferences(values: Record<string, unknown>, references: References | undefined): ResolvedReferences {
  const json = { ...values };
  const selects: string[] = [];
  const params: Record<string, SqlValue> = {};
  for (const [column, ref] of Object.entries(references ?? {})) {
    const raw = values[column];
    if (typeof raw !== 'string') continue;
    const resolved = parentIdSql(raw, ref.table, `ref_${column}`, ref.businessIdColumn);
    if (!resolved) continue;
    assertColumns([column]);
    selects.push(`${resolved.sql} AS ${column}`);
    Object.assign(params, resolved.params);
    delete json[column];
  }
  const columns = Object.keys(values).filter((c) => !(c in json));
  return { json, columns, cte: columns.length > 0 ? { sql: `refs AS (SELECT ${selects.join(', ')})`, params } : null };
}

/** The select-list column telling which references named no row. */
function unknownRefsSql(refs: ResolvedReferences): string {
  if (!refs.cte) return `'' AS ${UNKNOWN_REFS_COLUMN}`;
  return `(SELECT concat_ws(',', ${refs.columns.map((c) => `CASE WHEN refs.${c} IS NULL THEN '${c}' END`).join(', ')}) FROM refs) AS ${UNKNOWN_REFS_COLUMN}`;
}

/** A column whose value comes from SQL (e.g. the parent's id from the path) rather than the body. */
export interface FixedColumn {
  column: string;
  valueSql: string;
  params: Record<string, SqlValue>;
}

export function insertOne(
  table: string,
  select: string,
  values: Record<string, unknown>,
  fixed: FixedColumn | null,
  settings?: SessionSettings,
  references?: References,
): Statement {
  const refs = resolveReferences(values, references);
  const columns = Object.keys(refs.json);
  assertColumns(fixed ? [...columns, fixed.column] : columns);
  const targets = [...columns, ...refs.columns, ...(fixed ? [fixed.column] : [])];
  const sources = [...columns.map((c) => `r.${c}`), ...refs.columns.map((c) => `refs.${c}`), ...(fixed ? [fixed.valueSql] : [])];
  const returning = `RETURNING ${qualified(select, 't')}, ${rowVersionSql('t')}`;
  const cte = settingsCte(settings);
  const defaults = targets.length === 0;
  const conditions = [
    'sized.fits',
    ...(fixed ? [`${fixed.valueSql} IS NOT NULL`] : []),
    ...refs.columns.map((c) => `refs.${c} IS NOT NULL`),
  ];
  const sql =
    defaults && !cte
      ? `INSERT INTO ${table} AS t DEFAULT VALUES ${returning}`
      : defaults
        ? // Every column from its default, with the settings applied first (a zero-column SELECT inserts defaults).
          `WITH ${cte!.sql}\nINSERT INTO ${table} AS t SELECT FROM settings ${returning}`
        : // One row always comes back: _too_large, _unknown_refs, and the inserted row (none when the parent or a reference is missing).
          `WITH ${cte ? `${cte.sql},\n` : ''}${refs.cte ? `${refs.cte.sql},\n` : ''}r AS (SELECT * FROM jsonb_populate_record(NULL::${table}, CAST(:body AS jsonb))),
sized AS (SELECT octet_length(to_jsonb(r)::text) <= ${MAX_ROW_JSON_BYTES} AS fits FROM r),
inserted AS (
  INSERT INTO ${table} AS t (${targets.join(', ')})
  SELECT ${sources.join(', ')} FROM r, sized${cte ? ', settings' : ''}${refs.cte ? ', refs' : ''}
  WHERE ${conditions.join(' AND ')}
  ${returning}
)
SELECT NOT (SELECT fits FROM sized) AS ${TOO_LARGE_COLUMN}, ${unknownRefsSql(refs)}, inserted.* FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  return {
    sql,
    params: { body: sqlValue.json(refs.json), ...(fixed?.params ?? {}), ...(cte?.params ?? {}), ...(refs.cte?.params ?? {}) },
  };
}

/**
 * `If-Match` as a condition on the row version of `alias`: none, any row
 * (`*`), or one of the listed versions. The one builder of this condition:
 * every conditional write puts it in its own WHERE, so a concurrent writer
 * cannot slip between the check and the write.
 */
export function ifMatchCondition(versions: string[] | '*' | undefined, alias = 't'): Statement {
  if (versions === undefined || versions === '*') return { sql: 'true', params: {} };
  return {
    sql: `${rowVersionExpr(alias)} = ANY(CAST(:if_match AS text[]))`,
    params: { if_match: sqlValue.textArray(versions) },
  };
}

/** The changed row would still fit (the body's JSON over the row's, close enough to the result). */
function fitsSql(alias: string): string {
  return `octet_length((to_jsonb(${alias}) || CAST(:body AS jsonb))::text) <= ${MAX_ROW_JSON_BYTES}`;
}

/**
 * One row always comes back: `_found` (the row exists), `_too_large` (the
 * change would make the row too big to read back), and the updated row's
 * columns (NULL when If-Match failed or the row would be too large).
 */
export function updateOne(
  table: string,
  select: string,
  where: Statement,
  values: Record<string, unknown>,
  versions: string[] | '*' | undefined,
  settings?: SessionSettings,
  references?: References,
): Statement {
  const refs = resolveReferences(values, references);
  const columns = Object.keys(refs.json);
  assertColumns(columns);
  const version = ifMatchCondition(versions);
  const cte = settingsCte(settings);
  const targets = [...columns, ...refs.columns];
  const sources = [...columns.map((c) => `r.${c}`), ...refs.columns.map((c) => `refs.${c}`)];
  const set = targets.length === 1 ? `${targets[0]} = ${sources[0]}` : `(${targets.join(', ')}) = (${sources.join(', ')})`;
  const known = refs.columns.map((c) => ` AND refs.${c} IS NOT NULL`).join('');
  const sql = `WITH ${cte ? `${cte.sql},\n` : ''}${refs.cte ? `${refs.cte.sql},\n` : ''}target AS (SELECT t.id FROM ${table} t WHERE ${where.sql}),
changed AS (
  UPDATE ${table} AS t SET ${set}
  FROM jsonb_populate_record(NULL::${table}, CAST(:body AS jsonb)) r, target${cte ? ', settings' : ''}${refs.cte ? ', refs' : ''}
  WHERE t.id = target.id AND ${version.sql} AND ${fitsSql('t')}${known}
  RETURNING ${qualified(select, 't')}, ${rowVersionSql('t')}
)
SELECT EXISTS (SELECT 1 FROM target) AS _found,
       EXISTS (SELECT 1 FROM ${table} t JOIN target ON t.id = target.id WHERE NOT ${fitsSql('t')}) AS ${TOO_LARGE_COLUMN},
       ${unknownRefsSql(refs)},
       changed.*
FROM (SELECT 1) one LEFT JOIN changed ON true`;
  return {
    sql,
    params: { ...where.params, body: sqlValue.json(refs.json), ...version.params, ...(cte?.params ?? {}), ...(refs.cte?.params ?? {}) },
  };
}

export function deleteOne(table: string, where: Statement, versions: string[] | '*' | undefined): Statement {
  const version = ifMatchCondition(versions);
  const sql = `WITH target AS (SELECT t.id FROM ${table} t WHERE ${where.sql}),
removed AS (DELETE FROM ${table} AS t USING target WHERE t.id = target.id AND ${version.sql} RETURNING t.id)
SELECT EXISTS (SELECT 1 FROM target) AS _found, EXISTS (SELECT 1 FROM removed) AS _removed`;
  return { sql, params: { ...where.params, ...version.params } };
}
