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

/** `decodeString` for one column of a type it changes, resolved once; undefined when it keeps the text as is. */
function stringDecoder(typeName: string, column: string): ((value: string) => unknown) | undefined {
  switch (typeName) {
    case 'json':
    case 'jsonb':
    case 'int8':
    case 'bigserial':
    case 'serial8':
      return (value) => decodeString(value, typeName, column);
    case 'timestamptz':
      return (value) => isoTimestamp(value, 'Z');
    case 'timestamp':
      return (value) => isoTimestamp(value, '');
    default:
      return undefined;
  }
}

/** `arrayToJs` for one column: a flat array of text-kept elements is copied without a call per element. */
function arrayDecoder(typeName: string, column: string): (array: ArrayValue) => unknown[] {
  const element = stringDecoder(typeName.startsWith('_') ? typeName.slice(1) : typeName, column);
  if (element) return (array) => arrayToJs(array, typeName, column);
  // arrayToJs's checks in its order: only a plain string array is copied here.
  return (array) =>
    array.stringValues && !array.arrayValues && !array.longValues && !array.doubleValues && !array.booleanValues
      ? array.stringValues.slice()
      : arrayToJs(array, typeName, column);
}

type RecordDecoder = (record: Field[]) => Row;
interface CompiledDecoder {
  names: readonly string[];
  types: readonly string[];
  labels: readonly string[];
  decode: RecordDecoder;
}
const recordDecoders = new Map<string, CompiledDecoder>();
let lastDecoder: CompiledDecoder | undefined;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/*
 * One compiled function per column list decodes a whole record into its row
 * literal. Each column's checks are their own lines of code, so each has its
 * own inline caches: a column's fields all have one shape ({stringValue} or
 * {isNull}), where one shared decodeTyped sees every shape of every column
 * (megamorphic) and the values went through an array before the literal. The
 * checks are decodeTyped's, in its order; a string of a type decodeString
 * changes and an array call their column's decoder, resolved once, and the
 * rarer kinds call decodeTyped. Names are quoted by JSON.stringify and types
 * only choose between fixed lines, so no name or type reaches the code as code.
 */
function recordDecoder(names: readonly string[], types: readonly string[], labels: readonly string[]): RecordDecoder {
  // A handler reads the same list again and again: the last one is checked before the cache's key is built.
  if (lastDecoder && sameList(lastDecoder.names, names) && sameList(lastDecoder.types, types) && sameList(lastDecoder.labels, labels)) {
    return lastDecoder.decode;
  }
  const cacheKey = `${names.join('\u0000')}\u0001${types.join('\u0000')}\u0001${labels.join('\u0000')}`;
  let compiledDecoder = recordDecoders.get(cacheKey);
  if (!compiledDecoder) {
    const strings = names.map((_, i) => stringDecoder(types[i] ?? '', labels[i] ?? '?'));
    const arrays = names.map((_, i) => arrayDecoder(types[i] ?? '', labels[i] ?? '?'));
    const lines = names.map((_, i) =>
      `f = record[${i}];` +
      ` if (f.isNull) v${i} = null;` +
      ` else if (f.booleanValue !== undefined) v${i} = f.booleanValue;` +
      ` else if (f.longValue !== undefined) v${i} = f.longValue;` +
      ` else if (f.doubleValue !== undefined) v${i} = f.doubleValue;` +
      ` else if (f.stringValue !== undefined) v${i} = ${strings[i] ? `strings[${i}](f.stringValue)` : 'f.stringValue'};` +
      ` else if (f.blobValue !== undefined) v${i} = f.blobValue;` +
      ` else if (f.arrayValue !== undefined) v${i} = arrays[${i}](f.arrayValue);` +
      ` else v${i} = decodeTyped(f, types[${i}], labels[${i}]);`,
    );
    const body =
      `return function (record) {\n  let f${names.map((_, i) => `, v${i}`).join('')};\n  ${lines.join('\n  ')}\n` +
      `  return {${names.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')}};\n};`;
    const decode = new Function('strings', 'arrays', 'decodeTyped', 'types', 'labels', body)(strings, arrays, decodeTyped, [...types], [...labels]) as RecordDecoder;
    compiledDecoder = { names: [...names], types: [...types], labels: [...labels], decode };
    // Column lists are the application's own statements; the bound only guards against a generator of them.
    if (recordDecoders.size >= MAX_COMPILED) recordDecoders.clear();
    recordDecoders.set(cacheKey, compiledDecoder);
  }
  lastDecoder = compiledDecoder;
  return compiledDecoder.decode;
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
  const decode = recordDecoder(names, types, labels);
  return records.map((record, r) => {
    check(record, r);
    return decode(record);
  });
}
