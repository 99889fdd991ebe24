/**
 * Helpers for parameters the Data API cannot carry as plain JS values: each
 * returns a string with the Data API type hint that tells the server its type,
 * or (for arrays) a PostgreSQL array literal to cast in SQL, because array
 * parameters are rejected outright (DATA_API.md).
 */
import type { SqlTypeHint, TypedSqlValue } from './executor.js';

function typed(hint: SqlTypeHint, value: string): TypedSqlValue {
  return { kind: 'typed', hint, value };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

function check(ok: boolean, what: string, value: string): void {
  if (!ok) throw new TypeError(`Not a valid ${what}: ${JSON.stringify(value)}`);
}

/** `2025-01-02 03:04:05.678`: the only TIMESTAMP form the Data API accepts (no `T`, no `Z`), always UTC. */
export function formatTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('Invalid Date');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Quotes one element for a PostgreSQL array literal; `null` becomes the unquoted NULL. */
function arrayElement(value: string | null): string {
  if (value === null) return 'NULL';
  // Always quoting is simplest and safe: inside quotes only `"` and `\` need escaping.
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A PostgreSQL array literal (`{"a","b,c",NULL}`) for `CAST(:p AS text[])`. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

export const sqlValue = {
  uuid(value: string): TypedSqlValue {
    check(UUID.test(value), 'UUID', value);
    return typed('UUID', value.toLowerCase());
  },
  /** Any JSON-serialisable value, sent as text with the JSON hint (jsonb columns accept it). */
  json(value: unknown): TypedSqlValue {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError('Value is not JSON-serialisable');
    return typed('JSON', text);
  },
  /** An exact decimal as a string (never a JS number: `0.1 + 0.2` is not money). */
  decimal(value: string): TypedSqlValue {
    check(DECIMAL.test(value), 'decimal', value);
    return typed('DECIMAL', value);
  },
  /** `YYYY-MM-DD`. */
  date(value: string): TypedSqlValue {
    check(DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'date (YYYY-MM-DD)', value);
    return typed('DATE', value);
  },
  /** `HH:MM:SS[.FFF]`. */
  time(value: string): TypedSqlValue {
    check(TIME.test(value), 'time (HH:MM:SS[.FFF])', value);
    return typed('TIME', value);
  },
  /** A point in time, sent as UTC `YYYY-MM-DD HH:MM:SS.FFF` with the TIMESTAMP hint. */
  timestamp(value: Date): TypedSqlValue {
    return typed('TIMESTAMP', formatTimestamp(value));
  },
  /** A text array as a literal string: use it as `CAST(:tags AS text[])`. */
  textArray(values: readonly (string | null)[]): string {
    return textArrayLiteral(values);
  },
};
