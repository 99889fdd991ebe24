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

function isoTimestamp(text: string, zone: 'Z' | ''): string {
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
  const typeName = (meta.typeName ?? '').toLowerCase();
  const column = meta.label ?? meta.name ?? '?';
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return decodeString(field.stringValue, typeName, column);
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.arrayValue !== undefined) return arrayToJs(field.arrayValue, typeName, column);
  throw malformed(`column "${column}" has a value of no known kind`);
}

export function decodeRecords(records: Field[][] | undefined, metadata: ColumnMetadata[] | undefined): Row[] {
  if (!records || records.length === 0) return [];
  if (!metadata || metadata.length === 0) throw malformed('records without columnMetadata');
  const names = metadata.map((m, i) => m.label ?? m.name ?? `column${i + 1}`);
  return records.map((record, r) => {
    if (!Array.isArray(record) || record.length !== metadata.length) {
      throw malformed(`record ${r} has ${Array.isArray(record) ? record.length : 'no'} fields, expected ${metadata.length}`);
    }
    const row: Row = {};
    record.forEach((field, i) => {
      row[names[i] as string] = decodeField(field, metadata[i] as ColumnMetadata);
    });
    return row;
  });
}
