/**
 * Turns Data API `records` + `columnMetadata` into plain rows. Rules:
 * - NULL -> null; bool -> boolean; int2/int4/float -> number.
 * - int8: sent as a string (`longReturnType: 'STRING'`) and converted to a
 *   number only when it is a safe integer; beyond 2^53 it stays a string, so
 *   no value is ever silently rounded.
 * - numeric/decimal: the exact string (`'12.50'`), never a float.
 * - json/jsonb: parsed.
 * - timestamptz: ISO-8601 UTC with `Z` (`2025-01-02T03:04:05.123Z`; at least
 *   milliseconds, microseconds kept when present so keyset cursors stay exact).
 *   timestamp (no zone): the same without `Z`.
 * - date `YYYY-MM-DD`, time `HH:MM:SS[.ffffff]`, uuid and text: strings.
 * - arrays (`text[]`, ...): JS arrays, each element decoded as above by the
 *   element type (`timestamptz[]` -> ISO strings, `jsonb[]` -> parsed); bytea: Uint8Array.
 */
import type { ColumnMetadata, Field, ArrayValue } from '@aws-sdk/client-rds-data';
import { DatabaseError } from './errors.js';
import type { Row } from './executor.js';

function malformed(reason: string): DatabaseError {
  return new DatabaseError(`Malformed Data API response: ${reason}`);
}

function toSafeNumber(value: string | number): number | string {
  if (typeof value === 'number') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) && /^-?\d+$/.test(value) ? n : value;
}

const TIMESTAMP = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/;
/** Where the usual `YYYY-MM-DD HH:MM:SS` text has a digit (the rest are its separators). */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `YYYY-MM-DD HH:MM:SS[.f{1,6}]` with a four-digit year: TIMESTAMP's usual case, told without a regex. */
function isPlainTimestamp(text: string): boolean {
  const n = text.length;
  if (n !== 19 && (n < 21 || n > 26)) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  for (const i of DIGITS) if (!isDigit(text.charCodeAt(i))) return false;
  if (n === 19) return true;
  if (text.charCodeAt(19) !== 46) return false;
  for (let i = 20; i < n; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** What pads a fraction of 0-6 digits to at least milliseconds. */
const FRACTION_PAD = ['000', '00', '0', '', '', '', ''];

function isoTimestamp(text: string, zone: 'Z' | ''): string {
  // A page holds a few timestamps per row: the usual form skips the regex and its match array.
  if (isPlainTimestamp(text)) {
    const fraction = text.length === 19 ? '' : text.slice(20);
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}${FRACTION_PAD[fraction.length]!}${zone}`;
  }
  const match = TIMESTAMP.exec(text);
  if (!match) return text; // infinity, BC dates: pass through untouched
  const fraction = (match[3] ?? '').padEnd(3, '0');
  return `${match[1]}T${match[2]}.${fraction}${zone}`;
}

/** Array elements decode as single values of the element type (`_timestamptz` -> `timestamptz`). */
function arrayToJs(array: ArrayValue, typeName: string, column: string): unknown[] {
  if (array.arrayValues) return array.arrayValues.map((inner) => (inner ? arrayToJs(inner, typeName, column) : null));
  if (array.longValues) return array.longValues;
  if (array.doubleValues) return array.doubleValues;
  if (array.booleanValues) return array.booleanValues;
  if (array.stringValues) {
    const element = typeName.startsWith('_') ? typeName.slice(1) : typeName;
    return (array.stringValues as (string | null)[]).map((v) => (v === null ? null : decodeString(v, element, column)));
  }
  return [];
}

function decodeString(value: string, typeName: string, column: string): unknown {
  switch (typeName) {
    case 'json':
    case 'jsonb':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw malformed(`column "${column}" holds invalid JSON`);
      }
    case 'int8':
    case 'bigserial':
    case 'serial8':
      return toSafeNumber(value);
    case 'timestamptz':
      return isoTimestamp(value, 'Z');
    case 'timestamp':
      return isoTimestamp(value, '');
    default:
      return value;
  }
}

export function decodeField(field: Field, meta: ColumnMetadata): unknown {
  return decodeTyped(field, (meta.typeName ?? '').toLowerCase(), meta.label ?? meta.name ?? '?');
}

function decodeTyped(field: Field, typeName: string, column: string): unknown {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return decodeString(field.stringValue, typeName, column);
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.arrayValue !== undefined) return arrayToJs(field.arrayValue, typeName, column);
  throw malformed(`column "${column}" has a value of no known kind`);
}

type RowFactory = (values: readonly unknown[]) => Row;
type RowPicker = (row: Row) => Row;

const compiled = new Map<string, RowFactory | RowPicker>();
const MAX_COMPILED = 256;

/*
 * Rows are built from compiled object literals. Assigning computed keys one by
 * one (`row[name] = value`) takes V8's slow generic path for every value, a
 * third of decoding a 50-row page; a literal with the same keys is ~10×
 * faster. A literal is compiled once per column list; names are quoted with
 * JSON.stringify, so no name reaches the code as code. `__proto__` as a
 * literal key would set the prototype, so a list holding it takes the
 * assigning path (which always did).
 */
function compile<F extends RowFactory | RowPicker>(kind: string, names: readonly string[], literal: (quoted: string, i: number) => string, slow: F): F {
  const cacheKey = `${kind}\u0000${names.join('\u0000')}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached as F;
  const fn = names.includes('__proto__')
    ? slow
    : (new Function('input', `return {${names.map((name, i) => `${JSON.stringify(name)}: ${literal(JSON.stringify(name), i)}`).join(', ')}};`) as F);
  // Column lists are the application's own statements; the bound only guards against a generator of them.
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(cacheKey, fn);
  return fn;
}

/** Makes a row with these keys, in this order, from values in the same order. */
export function rowFactory(names: readonly string[]): RowFactory {
  return compile<RowFactory>('values', names, (_quoted, i) => `input[${i}]`, (values) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = values[i];
    });
    return row;
  });
}

/** Copies these keys of a row, in this order, into a new row. */
export function rowPicker(names: readonly string[]): RowPicker {
  return compile<RowPicker>('pick', names, (quoted) => `input[${quoted}]`, (input) => {
    const row: Row = {};
    for (const name of names) row[name] = input[name];
    return row;
  });
}

/** How a column's `stringValue` becomes its value: as is, or by decodeString for the types that change it. */
function stringDecoder(typeName: string): 'as-is' | 'decode' {
  return typeName === 'json' || typeName === 'jsonb' || typeName === 'int8' || typeName === 'bigserial' || typeName === 'serial8' || typeName === 'timestamptz' || typeName === 'timestamp'
    ? 'decode'
    : 'as-is';
}

type RecordDecoder = (record: Field[], types: readonly string[], labels: readonly string[]) => Row;
const recordDecoders = new Map<string, RecordDecoder>();

/*
 * One compiled function per column list decodes a whole record into its row
 * literal. Each column's checks are their own lines of code, so each has its
 * own inline caches: a column's fields all have one shape ({stringValue} or
 * {isNull}), where one shared decodeTyped sees every shape of every column
 * (megamorphic) and the values went through an array before the literal. The
 * checks are decodeTyped's, in its order; only a string of a type that
 * decodeString changes, and the rarer kinds, call out. Names are quoted by
 * JSON.stringify and types only choose between fixed lines, so no name or
 * type reaches the code as code.
 */
function recordDecoder(names: readonly string[], types: readonly string[]): RecordDecoder {
  const cacheKey = `${names.join('\u0000')}\u0001${types.join('\u0000')}`;
  const cached = recordDecoders.get(cacheKey);
  if (cached) return cached;
  const lines = names.map((_, i) => {
    const text = stringDecoder(types[i] ?? '') === 'as-is' ? `f.stringValue` : `decodeString(f.stringValue, types[${i}], labels[${i}])`;
    return (
      `f = record[${i}];` +
      ` if (f.isNull) v${i} = null;` +
      ` else if (f.booleanValue !== undefined) v${i} = f.booleanValue;` +
      ` else if (f.longValue !== undefined) v${i} = f.longValue;` +
      ` else if (f.doubleValue !== undefined) v${i} = f.doubleValue;` +
      ` else if (f.stringValue !== undefined) v${i} = ${text};` +
      ` else v${i} = decodeTyped(f, types[${i}], labels[${i}]);`
    );
  });
  const body =
    `return function (record, types, labels) {\n  let f${names.map((_, i) => `, v${i}`).join('')};\n  ${lines.join('\n  ')}\n` +
    `  return {${names.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')}};\n};`;
  const decoder = new Function('decodeString', 'decodeTyped', body)(decodeString, decodeTyped) as RecordDecoder;
  // Column lists are the application's own statements; the bound only guards against a generator of them.
  if (recordDecoders.size >= MAX_COMPILED) recordDecoders.clear();
  recordDecoders.set(cacheKey, decoder);
  return decoder;
}

export function decodeRecords(records: Field[][] | undefined, metadata: ColumnMetadata[] | undefined): Row[] {
  if (!records || records.length === 0) return [];
  if (!metadata || metadata.length === 0) throw malformed('records without columnMetadata');
  // Per column, not per value: a 50-row page has over a thousand values.
  const names = metadata.map((m, i) => m.label ?? m.name ?? `column${i + 1}`);
  const types = metadata.map((m) => (m.typeName ?? '').toLowerCase());
  const labels = metadata.map((m) => m.label ?? m.name ?? '?');
  const width = metadata.length;
  const check = (record: Field[], r: number): void => {
    if (!Array.isArray(record) || record.length !== width) {
      throw malformed(`record ${r} has ${Array.isArray(record) ? record.length : 'no'} fields, expected ${width}`);
    }
  };
  if (names.includes('__proto__')) {
    // A literal key `__proto__` would set the prototype: this column list takes the assigning path (rowFactory's).
    const makeRow = rowFactory(names);
    const values = new Array<unknown>(width);
    return records.map((record, r) => {
      check(record, r);
      for (let i = 0; i < width; i++) values[i] = decodeTyped(record[i] as Field, types[i] as string, labels[i] as string);
      return makeRow(values);
    });
  }
  const decode = recordDecoder(names, types);
  return records.map((record, r) => {
    check(record, r);
    return decode(record, types, labels);
  });
}
