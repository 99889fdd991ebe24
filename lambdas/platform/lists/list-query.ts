/**
 * One list request -> ONE SQL statement (the Data API runs one per call):
 * declared filters, the keyset condition from the cursor, ORDER BY with the id
 * as tie breaker, and LIMIT limit+1 (the extra row says whether a next page
 * exists without a COUNT). `toPage` turns the rows into `{ data, next_cursor }`.
 *
 * Ordering is NULL-safe: ascending keys sort NULLS LAST, descending NULLS FIRST
 * (PostgreSQL's defaults, so a plain b-tree index on (column, id) serves both),
 * and the keyset condition treats NULL as larger than every value. For one
 * nullable column the statement may read two index ranges (see keysetSql).
 */
import { rowPicker } from '../db/decode.js';
import type { Row, SqlParams, SqlValue } from '../db/executor.js';
import {
  ParamNames,
  assertColumnDeclarations,
  coerceValue,
  columnSql,
  orderText,
  parseFilters,
  parseOrder,
  typedColumnSql,
  type ColumnDeclarations,
  type OrderKey,
} from './filters.js';
import { QueryValidationError, decodeCursor, encodeCursor, parseLimit, queryPath, type CursorValue } from './pagination.js';

/** A raw query string (`event.rawQueryString`), URLSearchParams, or a parameter map. */
export type QueryInput =
  | string
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | null | undefined>>;

export interface ListSpec {
  /** `table` or `schema.table`, plain lower-case identifiers. */
  table: string;
  /** Trusted SQL select list written by the repository, e.g. `id, title, status, created_at`. */
  select: string;
  columns: ColumnDeclarations;
  /** Used when the request has no `order`, same syntax, e.g. `created_at.desc`. */
  defaultOrder: string;
  /** The unique, NOT NULL tie breaker (declared in `columns`). Default `id`. */
  idColumn?: string;
  /** A trusted condition always applied (e.g. a parent id from the path), with its own parameter names. */
  where?: { sql: string; params?: SqlParams };
  /** Query parameters the caller handles itself; they are neither filters nor errors. */
  passThrough?: readonly string[];
  /** HMAC key for cursors (optional; see pagination.ts). */
  cursorKey?: string;
}

export interface ListQuery {
  sql: string;
  params: Record<string, SqlValue>;
  limit: number;
  order: OrderKey[];
  idColumn: string;
  cursorKey?: string;
  /** The list's name in its cursors (its table), so a cursor of another list is refused as such. */
  list: string;
}

export interface Page<R> {
  data: R[];
  next_cursor: string | null;
}

const RESERVED = new Set(['limit', 'cursor', 'order']);
const KEY_ALIAS = '__cursor_k';
// Helper columns of a two-arm page (keysetSql); their names start with KEY_ALIAS, so toPage drops them too.
const RAW_ALIAS = `${KEY_ALIAS}raw`;
const TABLE_NAME = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/;

/**
 * A query string's pairs exactly as URLSearchParams reads them. Node's
 * URLSearchParams costs more than the rest of building a list query, and a
 * list's query string is short and mostly plain, so plain pairs are split
 * here; percent escapes go through decodeURIComponent, and anything it refuses
 * (a stray `%`, bytes that are not UTF-8) goes back to URLSearchParams, which
 * reads those leniently.
 */
function parseQueryString(raw: string): Array<[string, string]> {
  // One `?` stripped here and one more by URLSearchParams itself: what callers always got.
  const text = raw.replace(/^\?{1,2}/, '');
  const pairs: Array<[string, string]> = [];
  const hasEscapes = text.includes('%') || text.includes('+');
  try {
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      pairs.push(hasEscapes ? [decodeFormComponent(name), decodeFormComponent(value)] : [name, value]);
    }
  } catch {
    return [...new URLSearchParams(text)];
  }
  return pairs;
}

function decodeFormComponent(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

export function queryPairs(input: QueryInput): Array<[string, string]> {
  if (typeof input === 'string') return parseQueryString(input);
  if (input instanceof URLSearchParams) return [...input];
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    for (const v of typeof value === 'string' ? [value] : value) pairs.push([name, v]);
  }
  return pairs;
}

function tableSql(table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`Table name ${JSON.stringify(table)} is not a plain identifier`);
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/** The sort key as exact text: timestamptz in UTC with microseconds (a JS Date would drop them). */
function keyTextSql(key: OrderKey): string {
  const col = columnSql(key.column);
  return key.type === 'timestamptz' ? `CAST(${col} AT TIME ZONE 'UTC' AS text)` : `CAST(${col} AS text)`;
}

function orderBySql(keys: readonly OrderKey[]): string {
  return keys
    .map((k) => `${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`)
    .join(', ');
}

interface BoundKey {
  key: OrderKey;
  /** SQL of the cursor value (a cast parameter), or null when the cursor value is NULL. */
  value: string | null;
}

/**
 * Rows strictly after the cursor row: one WHERE term, or (`arms`) terms each
 * read on its own, in this order, whose pages are concatenated.
 */
type Keyset = { where: string } | { arms: readonly [string, string] };

/**
 * The keyset condition for rows strictly after the cursor row in the order
 * `keys` (NULLs last ascending, first descending).
 *
 * One nullable column and the id (the usual `order=col.asc|desc`): the rows
 * after the cursor are a contiguous stretch of the (col, id) index, but an OR
 * of "after in the non-NULL part" and "the NULLs" cannot be an index
 * condition, only a filter PostgreSQL applies to every row it walks past (4-6×
 * slower near the end of a million rows). So each part gets its own condition,
 * both index ranges, read as two arms of one statement when both apply:
 *
 *   asc,  cursor value v: (col, id) > (v, id0)        then  col IS NULL
 *   asc,  cursor NULL:    col IS NULL AND id > id0
 *   desc, cursor value v: (col, id) < (v, id0)        (NULLs came first)
 *   desc, cursor NULL:    col IS NULL AND id < id0    then  col IS NOT NULL
 *
 * A row comparison is never true for a NULL col, which is what keeps the
 * non-NULL ranges free of NULL rows.
 */
function keysetSql(bound: readonly BoundKey[]): Keyset {
  const [first, second] = bound;
  const sameDirection = bound.every((b) => b.key.direction === first?.key.direction);
  const simple = bound.every((b) => !b.key.nullable && b.value !== null) && sameDirection;
  if (simple) {
    // A row comparison lets PostgreSQL walk a composite index directly.
    const op = first?.key.direction === 'desc' ? '<' : '>';
    return { where: `(${bound.map((b) => typedColumnSql(b.key.column, b.key.type)).join(', ')}) ${op} (${bound.map((b) => b.value).join(', ')})` };
  }
  if (bound.length === 2 && first && second && sameDirection && !second.key.nullable && second.value !== null) {
    const col = typedColumnSql(first.key.column, first.key.type);
    const id = typedColumnSql(second.key.column, second.key.type);
    const asc = first.key.direction === 'asc';
    if (first.value === null) {
      const nulls = `${col} IS NULL AND ${id} ${asc ? '>' : '<'} ${second.value}`;
      return asc ? { where: nulls } : { arms: [nulls, `${col} IS NOT NULL`] };
    }
    const values = `(${col}, ${id}) ${asc ? '>' : '<'} (${first.value}, ${second.value})`;
    return asc ? { arms: [values, `${col} IS NULL`] } : { where: values };
  }
  const equal = (b: BoundKey): string => `${typedColumnSql(b.key.column, b.key.type)} ${b.value === null ? 'IS NULL' : `= ${b.value}`}`;
  const after = (b: BoundKey): string | null => {
    const col = typedColumnSql(b.key.column, b.key.type);
    if (b.key.direction === 'asc') {
      if (b.value === null) return null; // nothing sorts after NULL
      return b.key.nullable ? `(${col} > ${b.value} OR ${col} IS NULL)` : `${col} > ${b.value}`;
    }
    return b.value === null ? `${col} IS NOT NULL` : `${col} < ${b.value}`;
  };
  const terms: string[] = [];
  bound.forEach((b, i) => {
    const a = after(b);
    if (a !== null) terms.push([...bound.slice(0, i).map(equal), a].join(' AND '));
  });
  return { where: terms.length === 0 ? 'FALSE' : `(${terms.map((t) => `(${t})`).join(' OR ')})` };
}

function bindCursor(
  raw: string,
  keys: readonly OrderKey[],
  idColumn: string,
  cursorKey: string | undefined,
  list: string,
  params: Record<string, SqlValue>,
): BoundKey[] {
  const cursor = decodeCursor(raw, orderText(keys), cursorKey, list);
  const sortKeys = keys.filter((k) => k.column !== idColumn);
  const bad = (): never => {
    throw new QueryValidationError([{ path: queryPath('cursor'), message: 'is not a cursor issued by this API' }]);
  };
  if (cursor.k.length !== sortKeys.length) bad();
  const names = new ParamNames('c');
  let next = 0;
  return keys.map((key) => {
    const value: CursorValue | undefined = key.column === idColumn ? cursor.id : cursor.k[next++];
    if (value === null || value === undefined) {
      if (!key.nullable) bad();
      return { key, value: null };
    }
    const coerced = coerceValue(key.type, value);
    if (!coerced.ok) return bad();
    const p = names.next();
    params[p] = coerced.value;
    return { key, value: `CAST(:${p} AS ${key.type})` };
  });
}

function single(pairs: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const values = pairs.filter(([n]) => n === name).map(([, v]) => v);
  if (values.length > 1) throw new QueryValidationError([{ path: queryPath(name), message: 'is given more than once' }]);
  return values[0];
}

export function buildListQuery(spec: ListSpec, input: QueryInput): ListQuery {
  assertColumnDeclarations(spec.columns);
  const idColumn = spec.idColumn ?? 'id';
  const pairs = queryPairs(input);
  const passThrough = new Set(spec.passThrough ?? []);

  const errors: QueryValidationError[] = [];
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (error instanceof QueryValidationError) errors.push(error);
      else throw error;
      return undefined;
    }
  };
  const limit = attempt(() => parseLimit(single(pairs, 'limit')));
  const orderRaw = attempt(() => single(pairs, 'order'));
  const order = attempt(() =>
    orderRaw === undefined ? parseOrder(spec.columns, spec.defaultOrder, idColumn, 'defaultOrder') : parseOrder(spec.columns, orderRaw, idColumn),
  );
  const filters = attempt(() =>
    parseFilters(spec.columns, pairs.filter(([name]) => !RESERVED.has(name) && !passThrough.has(name))),
  );
  const cursorRaw = attempt(() => single(pairs, 'cursor'));
  const params: Record<string, SqlValue> = { ...(spec.where?.params ?? {}) };
  const bound = order && cursorRaw ? attempt(() => bindCursor(cursorRaw, order, idColumn, spec.cursorKey, spec.table, params)) : undefined;
  if (errors.length > 0 || limit === undefined || order === undefined || filters === undefined) {
    throw new QueryValidationError(errors.flatMap((e) => e.errors));
  }

  for (const name of Object.keys(filters.params)) {
    if (name in params) throw new Error(`Parameter :${name} of the fixed condition collides with a filter parameter`);
  }
  Object.assign(params, filters.params);
  params.list_limit = limit + 1;

  const keyset = bound ? keysetSql(bound) : undefined;
  const fixed = [...(spec.where ? [`(${spec.where.sql})`] : []), ...filters.conditions];
  const keyColumns = order.map((k, i) => `${keyTextSql(k)} AS "${KEY_ALIAS}${i}"`).join(', ');
  const select = (conditions: string[], extraColumns = ''): string =>
    [
      `SELECT ${spec.select}, ${keyColumns}${extraColumns}`,
      `FROM ${tableSql(spec.table)}`,
      ...(conditions.length > 0 ? [`WHERE ${conditions.join('\n  AND ')}`] : []),
      `ORDER BY ${orderBySql(order)}`,
      'LIMIT :list_limit',
    ].join('\n');
  let sql: string;
  if (keyset && 'arms' in keyset) {
    // Each arm is a page of its own in the list's order, and the page is their rows in that order again
    // (on copies of the order columns: the select list is the caller's). Both arms are sorted that way,
    // so PostgreSQL merges them (Merge Append) and reads the second only as far as the page needs.
    const raw = order.map((k, i) => `, ${columnSql(k.column)} AS "${RAW_ALIAS}${i}"`).join('');
    const arms = keyset.arms.map((arm) => `(${select([...fixed, arm], raw)})`);
    const outerOrder = order.map((k, i) => `"${RAW_ALIAS}${i}" ${k.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`);
    sql = [`SELECT * FROM (`, arms.join('\nUNION ALL\n'), `) AS "${KEY_ALIAS}page"`, `ORDER BY ${outerOrder.join(', ')}`, 'LIMIT :list_limit'].join('\n');
  } else {
    sql = select([...fixed, ...(keyset ? [keyset.where] : [])]);
  }
  return { sql, params, limit, order, idColumn, list: spec.table, ...(spec.cursorKey ? { cursorKey: spec.cursorKey } : {}) };
}

/**
 * The page's rows without the sort-key helper columns. Every row of one result
 * has the same columns in the same order, so the names to keep are found once
 * and each row is copied by one compiled object literal (rowPicker): per-row
 * Object.entries and prefix tests were a quarter of a 50-row list's CPU. Same
 * keys, same order, so the JSON is unchanged.
 */
function withoutKeys<R extends Row>(rows: readonly R[]): R[] {
  const first = rows[0];
  if (!first) return [];
  const pick = rowPicker(Object.keys(first).filter((name) => !name.startsWith(KEY_ALIAS)));
  return rows.map((row) => pick(row) as R);
}

/** Cuts the LIMIT+1 rows to one page and issues the cursor of its last row when more rows exist. */
export function toPage<R extends Row>(rows: readonly R[], query: ListQuery): Page<R> {
  const { idColumn } = query;
  const data = withoutKeys(rows.slice(0, query.limit));
  const last = rows[query.limit - 1];
  if (rows.length <= query.limit || !last) return { data, next_cursor: null };
  const values = query.order.map((_, i) => {
    const v = last[`${KEY_ALIAS}${i}`];
    return v === null || v === undefined ? null : String(v);
  });
  const idIndex = query.order.findIndex((k) => k.column === idColumn);
  const id = values[idIndex];
  if (id === null || id === undefined) throw new Error(`The list query returned no ${idColumn} for the cursor`);
  const next_cursor = encodeCursor(
    { v: 1, o: orderText(query.order), k: values.filter((_, i) => i !== idIndex), id, l: query.list },
    query.cursorKey,
  );
  return { data, next_cursor };
}
