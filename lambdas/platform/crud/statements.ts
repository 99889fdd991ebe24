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
): Statement {
  const columns = Object.keys(values);
  assertColumns(fixed ? [...columns, fixed.column] : columns);
  const targets = [...columns, ...(fixed ? [fixed.column] : [])];
  const sources = [...columns.map((c) => `r.${c}`), ...(fixed ? [fixed.valueSql] : [])];
  const returning = `RETURNING ${qualified(select, 't')}, ${rowVersionSql('t')}`;
  const cte = settingsCte(settings);
  const defaults = targets.length === 0;
  const sql =
    defaults && !cte
      ? `INSERT INTO ${table} AS t DEFAULT VALUES ${returning}`
      : defaults
        ? // Every column from its default, with the settings applied first (a zero-column SELECT inserts defaults).
          `WITH ${cte!.sql}\nINSERT INTO ${table} AS t SELECT FROM settings ${returning}`
        : // One row always comes back: _too_large, and the inserted row (none when the parent is missing).
          `WITH ${cte ? `${cte.sql},\n` : ''}r AS (SELECT * FROM jsonb_populate_record(NULL::${table}, CAST(:body AS jsonb))),
sized AS (SELECT octet_length(to_jsonb(r)::text) <= ${MAX_ROW_JSON_BYTES} AS fits FROM r),
inserted AS (
  INSERT INTO ${table} AS t (${targets.join(', ')})
  SELECT ${sources.join(', ')} FROM r, sized${cte ? ', settings' : ''}
  WHERE sized.fits${fixed ? ` AND ${fixed.valueSql} IS NOT NULL` : ''}
  ${returning}
)
SELECT NOT (SELECT fits FROM sized) AS ${TOO_LARGE_COLUMN}, inserted.* FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  return { sql, params: { body: sqlValue.json(values), ...(fixed?.params ?? {}), ...(cte?.params ?? {}) } };
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
): Statement {
  const columns = Object.keys(values);
  assertColumns(columns);
  const version = ifMatchCondition(versions);
  const cte = settingsCte(settings);
  const set = columns.length === 1 ? `${columns[0]} = r.${columns[0]}` : `(${columns.join(', ')}) = (${columns.map((c) => `r.${c}`).join(', ')})`;
  const sql = `WITH ${cte ? `${cte.sql},\n` : ''}target AS (SELECT t.id FROM ${table} t WHERE ${where.sql}),
changed AS (
  UPDATE ${table} AS t SET ${set}
  FROM jsonb_populate_record(NULL::${table}, CAST(:body AS jsonb)) r, target${cte ? ', settings' : ''}
  WHERE t.id = target.id AND ${version.sql} AND ${fitsSql('t')}
  RETURNING ${qualified(select, 't')}, ${rowVersionSql('t')}
)
SELECT EXISTS (SELECT 1 FROM target) AS _found,
       EXISTS (SELECT 1 FROM ${table} t JOIN target ON t.id = target.id WHERE NOT ${fitsSql('t')}) AS ${TOO_LARGE_COLUMN},
       changed.*
FROM (SELECT 1) one LEFT JOIN changed ON true`;
  return { sql, params: { ...where.params, body: sqlValue.json(values), ...version.params, ...(cte?.params ?? {}) } };
}

export function deleteOne(table: string, where: Statement, versions: string[] | '*' | undefined): Statement {
  const version = ifMatchCondition(versions);
  const sql = `WITH target AS (SELECT t.id FROM ${table} t WHERE ${where.sql}),
removed AS (DELETE FROM ${table} AS t USING target WHERE t.id = target.id AND ${version.sql} RETURNING t.id)
SELECT EXISTS (SELECT 1 FROM target) AS _found, EXISTS (SELECT 1 FROM removed) AS _removed`;
  return { sql, params: { ...where.params, ...version.params } };
}
