/**
 * Encodes PostgreSQL's text output the way the Data API returns it:
 * - `records`: bool -> booleanValue; int2/int4 -> longValue; int8 -> longValue,
 *   or stringValue with `longReturnType: 'STRING'`; float -> doubleValue;
 *   numeric -> stringValue (doubleValue/longValue with DOUBLE_OR_LONG);
 *   bytea -> blobValue; 1-D arrays -> arrayValue; timestamptz/timetz in UTC
 *   without an offset; everything else (uuid, json, jsonb, date, time, enums)
 *   -> stringValue; NULL -> isNull.
 * - `formatRecordsAs: 'JSON'`: row objects with numbers as numbers, DECIMAL as
 *   string, arrays as JSON arrays, dates/times and jsonb as strings.
 * Geometric types, money, macaddr, some range types and multidimensional arrays are unsupported.
 */
import type { TypeInfo } from './catalog.js';
import { parsePgArray } from './pg-array.js';
import { unsupportedResult } from './service-error.js';

/** A JSON number written with its exact digits (int8 beyond 2^53 must not be rounded on our side). */
export class RawNumber {
  constructor(readonly text: string) {}
}

export type WireValue = RawNumber | string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

export function toJson(value: WireValue | undefined): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ResultOptions {
  longAsString: boolean;
  decimalAsNumber: boolean;
}

const INTEGER = new Set(['int2', 'int4', 'oid', 'xid', 'cid']);
const FLOAT = new Set(['float4', 'float8']);

/**
 * Types the Data API refuses in results beyond the geometric ones and money. data-api-client's suite, run
 * against Aurora PostgreSQL (jeremydaly/data-api-client integration-tests/postgres.int.test.ts, "Known
 * Data API Limitations"), marks macaddr and the int8range, daterange and tsrange reads as failing, while
 * its int4range and numrange reads pass: those two stay strings.
 */
const UNSUPPORTED = new Set(['money', 'macaddr', 'int8range', 'daterange', 'tsrange']);

function checkSupported(type: TypeInfo, column: string): void {
  const unsupported = type.category === 'G' || UNSUPPORTED.has(type.name) ||
    (type.element !== undefined && (type.element.category === 'G' || UNSUPPORTED.has(type.element.name)));
  if (unsupported) throw unsupportedResult(`The result set contains the unsupported data type ${type.name} (column "${column}").`);
}

const TIMESTAMPTZ = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/**
 * timestamptz prints in the session's time zone with its offset; the Data API
 * returns UTC without one. Sessions start in UTC, but a `SET [LOCAL] TIME
 * ZONE` inside a transaction must not shift results, so the printed offset is
 * applied rather than dropped. Infinity and BC values pass through untouched.
 */
function timestamptzToUtc(text: string): string {
  const m = TIMESTAMPTZ.exec(text);
  if (!m) return text;
  const offsetSeconds = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0));
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0-99 must not be read as 1900-1999.
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]) - offsetSeconds, 0);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${m[7] ?? ''}`
  );
}

function timetzToUtc(text: string): string {
  const m = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  if (!m) return text;
  const offset = (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 3600 + Number(m[7] ?? 0) * 60 + Number(m[8] ?? 0));
  const seconds = (((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset) % 86400) + 86400) % 86400;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${m[4] ?? ''}`;
}

function normaliseText(text: string, typeName: string): string {
  if (typeName === 'timestamptz') return timestamptzToUtc(text);
  if (typeName === 'timetz') return timetzToUtc(text);
  return text;
}

function byteaBase64(text: string): string {
  return Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex').toString('base64');
}

function numeric(text: string): number | RawNumber {
  return /^-?\d+$/.test(text) ? new RawNumber(text) : Number(text);
}

/** One value in `records` mode: a Field union member. */
export function recordField(text: string | null, type: TypeInfo, column: string, options: ResultOptions): WireValue {
  if (text === null) return { isNull: true };
  checkSupported(type, column);
  const name = type.name;
  if (name === 'bool') return { booleanValue: text === 't' };
  if (INTEGER.has(name)) return { longValue: new RawNumber(text) };
  if (name === 'int8') return options.longAsString ? { stringValue: text } : { longValue: new RawNumber(text) };
  if (FLOAT.has(name)) return Number.isFinite(Number(text)) ? { doubleValue: new RawNumber(text) } : { stringValue: text };
  if (name === 'numeric' && options.decimalAsNumber && Number.isFinite(Number(text))) {
    const n = numeric(text);
    return n instanceof RawNumber ? { longValue: n } : { doubleValue: n };
  }
  if (name === 'bytea') return { blobValue: byteaBase64(text) };
  if (type.category === 'A') return { arrayValue: arrayField(text, type, column, options) };
  return { stringValue: normaliseText(text, name) };
}

function arrayField(text: string, type: TypeInfo, column: string, options: ResultOptions): WireValue {
  const parsed = parsePgArray(text);
  if (parsed.multidimensional) {
    throw unsupportedResult(`The result set contains the unsupported data type ${type.name} (multidimensional array, column "${column}").`);
  }
  const element = type.element?.name ?? 'text';
  const values = parsed.elements;
  if (element === 'bool') return { booleanValues: values.map((v) => (v === null ? null : v === 't')) };
  if (INTEGER.has(element) || (element === 'int8' && !options.longAsString)) {
    return { longValues: values.map((v) => (v === null ? null : new RawNumber(v))) };
  }
  // NaN and ±Infinity are no JSON numbers: like a single value, such an array comes back as strings.
  if (FLOAT.has(element) && values.every((v) => v === null || Number.isFinite(Number(v)))) {
    return { doubleValues: values.map((v) => (v === null ? null : new RawNumber(v))) };
  }
  return { stringValues: values.map((v) => (v === null ? null : normaliseText(v, element))) };
}

/** One value in `formatRecordsAs: 'JSON'` mode. */
export function jsonField(text: string | null, type: TypeInfo, column: string, options: ResultOptions): WireValue {
  if (text === null) return null;
  checkSupported(type, column);
  const name = type.name;
  if (name === 'bool') return text === 't';
  if (INTEGER.has(name)) return new RawNumber(text);
  if (name === 'int8') return options.longAsString ? text : new RawNumber(text);
  if (FLOAT.has(name)) return Number.isFinite(Number(text)) ? new RawNumber(text) : text;
  if (name === 'numeric') return options.decimalAsNumber && Number.isFinite(Number(text)) ? new RawNumber(text) : text;
  if (name === 'bytea') return byteaBase64(text);
  if (type.category === 'A') {
    const parsed = parsePgArray(text);
    if (parsed.multidimensional) {
      throw unsupportedResult(`The result set contains the unsupported data type ${type.name} (multidimensional array, column "${column}").`);
    }
    const element: TypeInfo = { oid: 0, name: type.element?.name ?? 'text', category: type.element?.category ?? 'S' };
    return parsed.elements.map((v) => jsonField(v, element, column, options));
  }
  return normaliseText(text, name);
}

const JDBC_TYPES: Record<string, number> = {
  bool: -7, int2: 5, int4: 4, int8: -5, float4: 7, float8: 8, numeric: 2, text: 12, varchar: 12, name: 12,
  bpchar: 1, date: 91, time: 92, timetz: 92, timestamp: 93, timestamptz: 93, bytea: -2,
};

const PRECISION: Record<string, number> = {
  bool: 1, int2: 5, int4: 10, int8: 19, float4: 8, float8: 17, date: 13, time: 15, timestamp: 29, timestamptz: 35,
};

export interface ColumnDescription {
  name: string;
  type: TypeInfo;
  typeModifier: number;
  notNull?: boolean;
  table?: string;
  schema?: string;
}

/** `columnMetadata` as pgjdbc's ResultSetMetaData describes a column. */
export function columnMetadata(c: ColumnDescription): WireValue {
  const numericTypmod = c.type.name === 'numeric' && c.typeModifier >= 4 ? c.typeModifier - 4 : -1;
  const precision =
    numericTypmod >= 0 ? (numericTypmod >> 16) & 0xffff
    : (c.type.name === 'varchar' || c.type.name === 'bpchar') && c.typeModifier >= 4 ? c.typeModifier - 4
    : PRECISION[c.type.name] ?? 2147483647;
  const isArray = c.type.category === 'A';
  return {
    name: c.name,
    label: c.name,
    type: isArray ? 2003 : JDBC_TYPES[c.type.name] ?? 1111,
    typeName: c.type.name,
    schemaName: c.schema ?? '',
    tableName: c.table ?? '',
    isAutoIncrement: false,
    isSigned: c.type.category === 'N',
    isCurrency: false,
    isCaseSensitive: c.type.category === 'S',
    nullable: c.notNull === undefined ? 2 : c.notNull ? 0 : 1,
    precision,
    scale: numericTypmod >= 0 ? numericTypmod & 0xffff : 0,
    arrayBaseColumnType: isArray ? JDBC_TYPES[c.type.element?.name ?? ''] ?? 1111 : 0,
  };
}
