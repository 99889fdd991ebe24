/**
 * One list request -> ONE SQL statement (the Data API runs one per call):
 * declared filters, the keyset condition from the cursor, ORDER BY with the id
 * as tie breaker, and LIMIT limit+1 (the extra row says whether a next page
 * exists without a COUNT). `toPage` turns the rows into `{ data, next_cursor }`.
 *
 * Ordering is NULL-safe: ascending keys sort NULLS LAST, descending NULLS FIRST
 * (PostgreSQL's defaults, so a plain b-tree index on (column, id) serves both),
 * and the keyset condition treats NULL as larger than every value. One
 * nullable column with the id is ordered by NOT NULL expressions of it
 * (nullKeySql), so its index range is one range wherever the cursor is.
 */
import { rowPicker } from '../db/decode.js';
import { parseQueryString } from '../http/query-string.js';
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
  /** Per order key, the row property holding its cursor text: the selected column itself, or a helper column. */
  keySources: readonly string[];
}

export interface Page<R> {
  data: R[];
  next_cursor: string | null;
}

const RESERVED = new Set(['limit', 'cursor', 'order']);
const KEY_ALIAS = '__cursor_k';
const TABLE_NAME = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/;
/** A select list of plain column names only: each output column is named exactly as written. */
const PLAIN_SELECT = /^\s*[a-z_][a-z0-9_]*(?:\s*,\s*[a-z_][a-z0-9_]*)*\s*$/;
/**
 * Types whose value in a row, as text (String(value)), is exactly `CAST(col AS text)`:
 * the Data API and pg give these as that text, or as a number printed the same.
 * Not timestamptz (rows hold ISO text; the cursor needs PostgreSQL's microsecond text) nor time.
 */
const OWN_TEXT_TYPES = new Set<OrderKey['type']>(['text', 'uuid', 'integer', 'bigint']);

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

/**
 * A constant of each orderable type, standing in for NULL in a nullable key's
 * index expression (nullKeySql). Any constant works: the IS NULL flag before
 * it already puts the NULLs apart, and among them it is the same for every
 * row, so the id orders them. Changing one changes the index expression too:
 * schema/107 and test/integration/list-order-indexes.test.ts follow this table.
 */
const NULL_STAND_IN: Readonly<Record<OrderKey['type'], string>> = {
  text: "''",
  uuid: "'00000000-0000-0000-0000-000000000000'",
  integer: '0',
  bigint: '0',
  numeric: '0',
  boolean: 'FALSE',
  date: "'1970-01-01'",
  time: "'00:00:00'",
  timestamptz: "'1970-01-01T00:00:00Z'",
};

/**
 * One nullable column and the id, in one direction (the usual
 * `order=col.asc|desc`), ordered as three NOT NULL expressions:
 *
 *   (col IS NULL), COALESCE(col, stand-in), id
 *
 * Ascending, `false` (a value) sorts before `true` (NULL): NULLS LAST;
 * descending, NULLs first: exactly the order of `col ASC NULLS LAST, id` and
 * `col DESC NULLS FIRST, id DESC`. With no NULL among the three, "after the
 * cursor" is one row comparison, a single range of the expression index
 * ((col IS NULL), COALESCE(col, stand-in), id) wherever the cursor is (on a
 * value or on a NULL), where `col NULLS LAST` needs an OR (the rows after the
 * value, plus the NULLs) that an index can only read as two ranges.
 */
export function nullKeySql(key: Pick<OrderKey, 'column' | 'type'>): readonly [string, string] {
  const col = typedColumnSql(key.column, key.type);
  return [`(${col} IS NULL)`, `COALESCE(${col}, CAST(${NULL_STAND_IN[key.type]} AS ${key.type}))`];
}

/** Whether `keys` is one nullable column then the id, in one direction: ordered by nullKeySql's expressions. */
function isNullKeyOrder(keys: readonly OrderKey[]): boolean {
  return keys.length === 2 && keys[0]!.nullable && !keys[1]!.nullable && keys[0]!.direction === keys[1]!.direction;
}

function orderBySql(keys: readonly OrderKey[]): string {
  if (isNullKeyOrder(keys)) {
    const [key, id] = keys as [OrderKey, OrderKey];
    const dir = key.direction === 'asc' ? 'ASC' : 'DESC';
    return [...nullKeySql(key), typedColumnSql(id.column, id.type)].map((e) => `${e} ${dir}`).join(', ');
  }
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
 * The keyset condition for rows strictly after the cursor row in the order
 * `keys` (NULLs last ascending, first descending): one WHERE term.
 *
 * NOT NULL keys in one direction, and one nullable column with the id (in
 * nullKeySql's form), are one row comparison: PostgreSQL walks the matching
 * composite index from the cursor on, a single range. Other orders (several
 * columns, mixed directions) spell the comparison out column by column.
 */
function keysetSql(bound: readonly BoundKey[]): string {
  const [first, second] = bound;
  const sameDirection = bound.every((b) => b.key.direction === first?.key.direction);
  const simple = bound.every((b) => !b.key.nullable && b.value !== null) && sameDirection;
  const op = first?.key.direction === 'desc' ? '<' : '>';
  if (simple) {
    return `(${bound.map((b) => typedColumnSql(b.key.column, b.key.type)).join(', ')}) ${op} (${bound.map((b) => b.value).join(', ')})`;
  }
  if (first && second && second.value !== null && isNullKeyOrder(bound.map((b) => b.key))) {
    const [flag, coalesced] = nullKeySql(first.key);
    const cursorFlag = first.value === null ? 'TRUE' : 'FALSE';
    const cursorValue = first.value ?? `CAST(${NULL_STAND_IN[first.key.type]} AS ${first.key.type})`;
    return `(${flag}, ${coalesced}, ${typedColumnSql(second.key.column, second.key.type)}) ${op} (${cursorFlag}, ${cursorValue}, ${second.value})`;
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
  return terms.length === 0 ? 'FALSE' : `(${terms.map((t) => `(${t})`).join(' OR ')})`;
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

const checkedDeclarations = new WeakSet<ColumnDeclarations>();

/** The select list's plain column names, or none when it holds anything else (then every key gets a helper column). */
const plainSelects = new Map<string, ReadonlySet<string>>();
function plainSelected(select: string): ReadonlySet<string> {
  let names = plainSelects.get(select);
  if (!names) {
    names = new Set(PLAIN_SELECT.test(select) ? select.split(',').map((name) => name.trim()) : []);
    // Select lists are the application's own; the bound only guards against a generator of them.
    if (plainSelects.size >= 256) plainSelects.clear();
    plainSelects.set(select, names);
  }
  return names;
}

export function buildListQuery(spec: ListSpec, input: QueryInput): ListQuery {
  // Declarations are module constants: checked once each, not per request.
  if (!checkedDeclarations.has(spec.columns)) {
    assertColumnDeclarations(spec.columns);
    checkedDeclarations.add(spec.columns);
  }
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

  const fixed = [...(spec.where ? [`(${spec.where.sql})`] : []), ...filters.conditions];
  const conditions = bound ? [...fixed, keysetSql(bound)] : fixed;
  // A key the select list already holds as its own text is read from the row; the others get a helper
  // column each (which toPage then drops, at the cost of copying every row).
  const selected = plainSelected(spec.select);
  const keySources = order.map((k, i) => (selected.has(k.column) && OWN_TEXT_TYPES.has(k.type) ? k.column : `${KEY_ALIAS}${i}`));
  const keyColumns = order
    .map((k, i) => (keySources[i] === k.column ? '' : `, ${keyTextSql(k)} AS "${KEY_ALIAS}${i}"`))
    .join('');
  const sql = [
    `SELECT ${spec.select}${keyColumns}`,
    `FROM ${tableSql(spec.table)}`,
    ...(conditions.length > 0 ? [`WHERE ${conditions.join('\n  AND ')}`] : []),
    `ORDER BY ${orderBySql(order)}`,
    'LIMIT :list_limit',
  ].join('\n');
  return { sql, params, limit, order, idColumn, list: spec.table, keySources, ...(spec.cursorKey ? { cursorKey: spec.cursorKey } : {}) };
}

/**
 * The page's rows without the sort-key helper columns: the rows themselves
 * when the statement has none (every key read from a selected column). Every row of one result
 * has the same columns in the same order, so the names to keep are found once
 * and each row is copied by one compiled object literal (rowPicker): per-row
 * Object.entries and prefix tests were a quarter of a 50-row list's CPU. Same
 * keys, same order, so the JSON is unchanged.
 */
function withoutKeys<R extends Row>(rows: R[], query: ListQuery): R[] {
  if (query.keySources.every((source, i) => source === query.order[i]?.column)) return rows;
  const first = rows[0];
  if (!first) return [];
  const pick = rowPicker(Object.keys(first).filter((name) => !name.startsWith(KEY_ALIAS)));
  return rows.map((row) => pick(row) as R);
}

/** Cuts the LIMIT+1 rows to one page and issues the cursor of its last row when more rows exist. */
export function toPage<R extends Row>(rows: readonly R[], query: ListQuery): Page<R> {
  const { idColumn } = query;
  const data = withoutKeys(rows.slice(0, query.limit), query);
  const last = rows[query.limit - 1];
  if (rows.length <= query.limit || !last) return { data, next_cursor: null };
  const values = query.order.map((_, i) => {
    const v = last[query.keySources[i]!];
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
