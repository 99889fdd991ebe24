/**
 * PostgREST-style list filters and ordering on DECLARED columns only.
 *
 *   ?status=in.(draft,review)&created_at=gte.2025-01-01&tags=cs.{summer}&title=ilike.*villa*&template_id=is.null
 *
 * Each query parameter names a declared column; its value is `[not.]operator.operand`.
 * Operands are validated and coerced per column type and always travel as named
 * parameters cast in SQL: the RDS Data API takes no array parameters, so lists are
 * sent as one text array literal, e.g. `"status" = ANY(CAST(:f1 AS text[]))`.
 * Column names reach the SQL only from the declaration, never from the request.
 */
import { QueryValidationError, queryPath, type FieldError } from './pagination.js';

export type ColumnType = 'text' | 'uuid' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'time' | 'timestamptz' | 'text[]';

export type FilterOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'in' | 'is' | 'cs' | 'cd' | 'ov';

export interface ColumnSpec {
  type: ColumnType;
  /** Operators allowed on this column; defaults by type (DEFAULT_OPERATORS). `[]` disables filtering. */
  operators?: readonly FilterOperator[];
  /**
   * May appear in `order=`; declare only columns with an index on (column, id) (or (parent, column, id)
   * for a list always read within one parent) — for a nullable column on
   * ((column IS NULL), COALESCE(column, stand-in), id), the form list-query.ts orders it by (nullKeySql,
   * schema/107): test/integration/list-order-indexes.test.ts checks.
   */
  orderable?: boolean;
  /** Set `false` for NOT NULL columns: ordering on them uses the plain (column, id) index. */
  nullable?: boolean;
  /** The values a CHECK list allows (text columns): `eq`/`neq`/`in` operands outside it are a 422 naming them. */
  values?: readonly string[];
  /**
   * A uuid foreign key whose target also has a business ID: `eq`/`neq`/`in`
   * take either (`calendar_id=eq.CAL-010001`), as the target's own path does.
   */
  references?: { table: string; businessIdColumn: string };
}

/** Column name -> spec. Names are the API names and the SQL column names. */
export type ColumnDeclarations = Readonly<Record<string, ColumnSpec>>;

const COMPARISON: readonly FilterOperator[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is'];

export const DEFAULT_OPERATORS: Readonly<Record<ColumnType, readonly FilterOperator[]>> = {
  text: [...COMPARISON, 'like', 'ilike'],
  uuid: ['eq', 'neq', 'in', 'is'],
  integer: COMPARISON,
  bigint: COMPARISON,
  numeric: COMPARISON,
  boolean: ['eq', 'neq', 'is'],
  date: COMPARISON,
  time: COMPARISON,
  timestamptz: COMPARISON,
  'text[]': ['cs', 'cd', 'ov', 'is'],
};

const ALL_OPERATORS = new Set<string>(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'in', 'is', 'cs', 'cd', 'ov']);
const SCALAR_SQL: Readonly<Record<string, string>> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const ARRAY_SQL: Readonly<Record<string, string>> = { cs: '@>', cd: '<@', ov: '&&' };
const ARRAY_OPERATORS = new Set<FilterOperator>(['cs', 'cd', 'ov']);

/** Bounds that keep one request's SQL and parameters small (Data API: 64 KiB SQL, 4 MiB request). */
export const MAX_VALUE_LENGTH = 2000;
export const MAX_LIST_ITEMS = 100;
export const MAX_CONDITIONS = 20;
export const MAX_ORDER_COLUMNS = 3;

const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a declared column name; anything else is a programming error, not bad input. */
export function columnSql(name: string): string {
  if (!COLUMN_NAME.test(name)) throw new Error(`Column name ${JSON.stringify(name)} is not a plain lower-case identifier`);
  return `"${name}"`;
}

/**
 * The column as SQL of its declared type. A `time` may be kept as sortable
 * text (a view's `HH:MM:SS` column), so it is compared as a time; the cast is
 * a no-op on a real time column.
 */
export function typedColumnSql(name: string, type: ColumnType): string {
  return type === 'time' ? `CAST(${columnSql(name)} AS time)` : columnSql(name);
}

/** An operand outside the column's CHECK list can match nothing: say which values exist. */
function outsideValues(spec: ColumnSpec, value: string): string | null {
  if (!spec.values || spec.values.includes(value)) return null;
  return `"${value.length > 64 ? `${value.slice(0, 64)}...` : value}" is not a possible value; one of: ${spec.values.join(', ')}`;
}

/** Checks a declaration once, when a repository defines it. */
export function assertColumnDeclarations(columns: ColumnDeclarations): void {
  for (const [name, spec] of Object.entries(columns)) {
    columnSql(name);
    for (const op of spec.operators ?? []) {
      if (!(DEFAULT_OPERATORS[spec.type] as readonly string[]).includes(op)) {
        throw new Error(`Operator ${op} does not apply to column ${name} of type ${spec.type}`);
      }
    }
    if (spec.orderable && spec.type === 'text[]') throw new Error(`Column ${name}: text[] columns cannot be ordered`);
    if (spec.references && (spec.type !== 'uuid' || !TABLE_NAME.test(spec.references.table) || !COLUMN_NAME.test(spec.references.businessIdColumn))) {
      throw new Error(`Column ${name}: references need a uuid column and a plain schema.table and column`);
    }
  }
}

// ---------------------------------------------------------------- value coercion

type Coerced = { ok: true; value: string } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A business ID (`CON-010001`, `CAL-010001`): the other name of a row that has one. */
export const BUSINESS_ID = /^[A-Z]{1,8}-\d{6,12}$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const INTEGER = /^[+-]?\d{1,19}$/;
const NUMERIC = /^[+-]?(?:\d{1,100}(?:\.\d{0,100})?|\.\d{1,100})(?:[eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,6})?)?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Validates one operand for a column type and returns the text PostgreSQL will
 * cast. Bad values fail here, so the database never raises a cast error (a 500).
 */
export function coerceValue(type: Exclude<ColumnType, 'text[]'>, raw: string): Coerced {
  const fail = (message: string): Coerced => ({ ok: false, message });
  if (raw.includes('\u0000')) return fail('must not contain NUL characters');
  switch (type) {
    case 'text':
      return { ok: true, value: raw };
    case 'uuid':
      return UUID.test(raw) ? { ok: true, value: raw.toLowerCase() } : fail(`"${raw}" is not a UUID`);
    case 'integer':
    case 'bigint': {
      const limit = type === 'integer' ? 2n ** 31n : 2n ** 63n;
      if (!INTEGER.test(raw)) return fail(`"${raw}" is not a whole number`);
      const n = BigInt(raw);
      return n >= -limit && n < limit ? { ok: true, value: n.toString() } : fail(`"${raw}" is out of range for ${type}`);
    }
    case 'numeric':
      return NUMERIC.test(raw) ? { ok: true, value: raw } : fail(`"${raw}" is not a number`);
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { ok: true, value: raw } : fail('must be true or false');
    case 'date':
      return isCalendarDate(raw) ? { ok: true, value: raw } : fail(`"${raw}" is not a date (YYYY-MM-DD)`);
    case 'time': {
      // A time of day without a zone, as the column holds it: 18:30 is 18:30:00.
      const m = TIME.exec(raw);
      return m ? { ok: true, value: `${m[1]}:${m[2]}:${m[3] ?? '00'}${m[4] ?? ''}` } : fail(`"${raw}" is not a time of day (HH:MM or HH:MM:SS)`);
    }
    case 'timestamptz': {
      // A time without a zone is read as UTC, whatever the session's TimeZone is.
      const m = TIMESTAMP.exec(raw);
      const [hh, mm, ss] = [Number(m?.[2] ?? 0), Number(m?.[3] ?? 0), Number(m?.[4] ?? 0)];
      // PostgreSQL accepts UTC offsets up to ±15:59.
      const offsetHours = m?.[5] && /^[+-]/.test(m[5]) ? Number(m[5].slice(1, 3)) : 0;
      if (!m || !isCalendarDate(m[1] ?? '') || hh > 23 || mm > 59 || ss > 59 || offsetHours > 15) {
        return fail(`"${raw}" is not a timestamp (ISO 8601, e.g. 2025-01-01 or 2025-01-01T10:00:00Z)`);
      }
      if (m[2] === undefined) return { ok: true, value: `${raw}T00:00:00Z` };
      return { ok: true, value: m[5] === undefined ? `${raw}Z` : raw };
    }
  }
}

/** Serialises values as a PostgreSQL array literal with every element quoted (so `NULL` stays a string). */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Splits `a,"b,c", d` into items. Double quotes protect commas and braces;
 * inside them `\"` and `\\` are escapes. Unquoted items are trimmed.
 */
export function parseList(inner: string): string[] | null {
  const items: string[] = [];
  if (inner.trim() === '') return items;
  let i = 0;
  while (i <= inner.length) {
    while (inner[i] === ' ') i++;
    let item = '';
    if (inner[i] === '"') {
      i++;
      for (;;) {
        const ch = inner[i];
        if (ch === undefined) return null;
        if (ch === '\\') {
          const escaped = inner[i + 1];
          if (escaped === undefined) return null;
          item += escaped;
          i += 2;
        } else if (ch === '"') {
          i++;
          break;
        } else {
          item += ch;
          i++;
        }
      }
      while (inner[i] === ' ') i++;
      if (i < inner.length && inner[i] !== ',') return null;
    } else {
      const comma = inner.indexOf(',', i);
      const end = comma === -1 ? inner.length : comma;
      item = inner.slice(i, end).trim();
      if (item === '' || /["{}()]/.test(item)) return null;
      i = end;
    }
    items.push(item);
    i++; // past the comma (or past the end, which ends the loop)
  }
  return items;
}

/** `*` is the wildcard; `%`, `_` and `\` in the operand match themselves. */
function likePattern(operand: string): string {
  return operand.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

// ---------------------------------------------------------------- filters

export interface WhereFragment {
  /** Conditions to AND together (empty when nothing was filtered). */
  conditions: string[];
  params: Record<string, string>;
}

/** Hands out parameter names (`f1`, `f2`, ...) so fragments from several builders never collide. */
export class ParamNames {
  private n = 0;
  constructor(private readonly prefix: string) {}
  next(): string {
    this.n += 1;
    return `${this.prefix}${this.n}`;
  }
}

function describeName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name;
}

interface Parsed {
  condition: string;
  params: Record<string, string>;
}

function filterCondition(
  column: string,
  spec: ColumnSpec,
  rawValue: string,
  names: ParamNames,
): Parsed | string {
  if (rawValue.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  let rest = rawValue;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  const op = dot === -1 ? rest : rest.slice(0, dot);
  if (dot === -1 || !ALL_OPERATORS.has(op)) {
    return 'expected [not.]operator.value, e.g. eq.draft, in.(a,b), gte.2025-01-01, is.null';
  }
  const operator = op as FilterOperator;
  const allowed = spec.operators ?? DEFAULT_OPERATORS[spec.type];
  if (!allowed.includes(operator)) return `operator ${operator} is not allowed here; allowed: ${allowed.join(', ') || 'none'}`;
  const operand = rest.slice(dot + 1);
  const col = typedColumnSql(column, spec.type);
  const params: Record<string, string> = {};
  let condition: string;

  if (operator === 'is') {
    const word = operand.toLowerCase();
    if (word === 'null') condition = `${col} IS NULL`;
    else if ((word === 'true' || word === 'false') && spec.type === 'boolean') condition = `${col} IS ${word.toUpperCase()}`;
    else return spec.type === 'boolean' ? 'is. takes null, true or false' : 'is. takes null';
  } else if (ARRAY_OPERATORS.has(operator)) {
    const m = /^\{(.*)\}$/s.exec(operand);
    const items = m ? parseList(m[1] ?? '') : null;
    if (!items) return `${operator}. takes a list in braces, e.g. ${operator}.{summer,"beach, sea"}`;
    if (items.length > MAX_LIST_ITEMS) return `lists take at most ${MAX_LIST_ITEMS} items`;
    if (items.some((x) => x.includes('\u0000'))) return 'must not contain NUL characters';
    const p = names.next();
    params[p] = arrayLiteral(items);
    condition = `${col} ${ARRAY_SQL[operator]} CAST(:${p} AS text[])`;
  } else if (spec.references && (operator === 'eq' || operator === 'neq' || operator === 'in')) {
    const result = referenceCondition(col, spec.references, operator, operand, names);
    if (typeof result === 'string') return result;
    condition = result.condition;
    Object.assign(params, result.params);
  } else {
    const type = spec.type as Exclude<ColumnType, 'text[]'>;
    if (operator === 'in') {
      const m = /^\((.*)\)$/s.exec(operand);
      const items = m ? parseList(m[1] ?? '') : null;
      if (!items) return 'in. takes a list in parentheses, e.g. in.(draft,review) or in.("a,b",c)';
      if (items.length > MAX_LIST_ITEMS) return `lists take at most ${MAX_LIST_ITEMS} items`;
      const coerced: string[] = [];
      for (const item of items) {
        const c = coerceValue(type, item);
        if (!c.ok) return c.message;
        const outside = outsideValues(spec, c.value);
        if (outside) return outside;
        coerced.push(c.value);
      }
      const p = names.next();
      params[p] = arrayLiteral(coerced);
      condition = `${col} = ANY(CAST(:${p} AS ${type}[]))`;
    } else if (operator === 'like' || operator === 'ilike') {
      if (operand.includes('\u0000')) return 'must not contain NUL characters';
      const p = names.next();
      params[p] = likePattern(operand);
      condition = `${col} ${operator.toUpperCase()} CAST(:${p} AS text)`;
    } else {
      const c = coerceValue(type, operand);
      if (!c.ok) return c.message;
      const outside = operator === 'eq' || operator === 'neq' ? outsideValues(spec, c.value) : null;
      if (outside) return outside;
      const p = names.next();
      params[p] = c.value;
      condition = `${col} ${SCALAR_SQL[operator]} CAST(:${p} AS ${type})`;
    }
  }
  return { condition: negate ? `NOT (${condition})` : condition, params };
}

/** `eq`/`neq`/`in` on a uuid foreign key, each operand a uuid or the target's business ID. */
function referenceCondition(
  col: string,
  ref: NonNullable<ColumnSpec['references']>,
  operator: 'eq' | 'neq' | 'in',
  operand: string,
  names: ParamNames,
): Parsed | string {
  let items: string[];
  if (operator === 'in') {
    const m = /^\((.*)\)$/s.exec(operand);
    const list = m ? parseList(m[1] ?? '') : null;
    if (!list) return 'in. takes a list in parentheses, e.g. in.(draft,review) or in.("a,b",c)';
    if (list.length > MAX_LIST_ITEMS) return `lists take at most ${MAX_LIST_ITEMS} items`;
    items = list;
  } else items = [operand];
  const uuids: string[] = [];
  const businessIds: string[] = [];
  for (const item of items) {
    if (UUID.test(item)) uuids.push(item.toLowerCase());
    else if (BUSINESS_ID.test(item)) businessIds.push(item);
    else return `"${item.length > 64 ? `${item.slice(0, 64)}...` : item}" is neither a UUID nor a business ID (e.g. CAL-010001)`;
  }
  const params: Record<string, string> = {};
  const terms: string[] = [];
  if (uuids.length > 0) {
    const p = names.next();
    params[p] = arrayLiteral(uuids);
    terms.push(`${col} = ANY(CAST(:${p} AS uuid[]))`);
  }
  if (businessIds.length > 0) {
    const p = names.next();
    params[p] = arrayLiteral(businessIds);
    const table = ref.table.split('.').map((part) => `"${part}"`).join('.');
    terms.push(`${col} IN (SELECT r.id FROM ${table} r WHERE r.${columnSql(ref.businessIdColumn)} = ANY(CAST(:${p} AS text[])))`);
  }
  const matches = terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
  return { condition: operator === 'neq' ? `NOT ${matches}` : matches, params };
}

/**
 * Turns `(name, value)` query pairs into WHERE conditions. Every pair must name
 * a declared column (callers remove `limit`, `cursor`, `order` and their own
 * parameters first). A column may appear several times; conditions are ANDed.
 * All problems are reported together.
 */
export function parseFilters(
  columns: ColumnDeclarations,
  pairs: ReadonlyArray<readonly [string, string]>,
  names: ParamNames = new ParamNames('f'),
): WhereFragment {
  const errors: FieldError[] = [];
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (pairs.length > MAX_CONDITIONS) {
    throw new QueryValidationError([{ path: 'query', message: `at most ${MAX_CONDITIONS} filters per request` }]);
  }
  for (const [name, value] of pairs) {
    const spec = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (!spec || (spec.operators ?? DEFAULT_OPERATORS[spec.type]).length === 0) {
      const filterable = Object.keys(columns).filter((c) => (columns[c]?.operators ?? ['eq']).length > 0);
      errors.push({ path: queryPath(describeName(name)), message: `unknown filter; filterable columns: ${filterable.join(', ')}` });
      continue;
    }
    const result = filterCondition(name, spec, value, names);
    if (typeof result === 'string') errors.push({ path: queryPath(name), message: result });
    else {
      conditions.push(result.condition);
      Object.assign(params, result.params);
    }
  }
  if (errors.length > 0) throw new QueryValidationError(errors);
  return { conditions, params };
}

// ---------------------------------------------------------------- order

export type Direction = 'asc' | 'desc';

export interface OrderKey {
  column: string;
  direction: Direction;
  type: Exclude<ColumnType, 'text[]'>;
  nullable: boolean;
}

/** The canonical text of an order (also what a cursor is bound to), e.g. `created_at.desc,id.desc`. */
export function orderText(keys: readonly OrderKey[]): string {
  return keys.map((k) => `${k.column}.${k.direction}`).join(',');
}

/**
 * Parses `order=col.asc,other.desc` (direction defaults to asc) on orderable
 * columns and appends the id column, in the last key's direction, as the tie
 * breaker that makes every row's position unique. `source` names the
 * parameter in errors (`order`, or the handler's default order).
 */
export function parseOrder(columns: ColumnDeclarations, raw: string, idColumn: string, source = 'order'): OrderKey[] {
  const fail = (message: string): never => {
    throw new QueryValidationError([{ path: queryPath(source), message }]);
  };
  const orderable = Object.keys(columns).filter((c) => columns[c]?.orderable);
  const parts = raw.split(',');
  if (raw.trim() === '' || parts.length > MAX_ORDER_COLUMNS) fail(`give 1 to ${MAX_ORDER_COLUMNS} columns as column.asc or column.desc`);
  const keys: OrderKey[] = [];
  for (const part of parts) {
    const m = /^([a-z_][a-z0-9_]*)(?:\.(asc|desc))?$/.exec(part.trim());
    const name = m?.[1] ?? '';
    const spec = Object.hasOwn(columns, name) ? columns[name] : undefined;
    const [column = '', direction] = part.trim().split('.', 2);
    const orderableColumn = Object.hasOwn(columns, column) && (columns[column]?.orderable || column === idColumn);
    if (!m && orderableColumn && direction !== undefined) {
      fail(`direction "${describeName(direction)}" of ${column} is neither asc nor desc`);
    } else if (!m || !spec || !(spec.orderable || name === idColumn) || spec.type === 'text[]') {
      fail(`"${describeName(part)}" is not an orderable column; use column.asc or column.desc with one of: ${orderable.join(', ')}`);
    } else if (keys.some((k) => k.column === name)) {
      fail(`column ${name} appears twice`);
    } else {
      keys.push({ column: name, direction: (m[2] ?? 'asc') as Direction, type: spec.type, nullable: name === idColumn ? false : (spec.nullable ?? true) });
    }
  }
  const last = keys[keys.length - 1];
  if (last && !keys.some((k) => k.column === idColumn)) {
    const idSpec = columns[idColumn];
    if (!idSpec || idSpec.type === 'text[]') throw new Error(`The id column ${idColumn} must be declared`);
    keys.push({ column: idColumn, direction: last.direction, type: idSpec.type, nullable: false });
  }
  return keys;
}
