/**
 * Encodes named parameters as Data API `SqlParameter`s from their JS types.
 * Never emits `arrayValue` (the Data API rejects it): arrays go through
 * `sqlValue.textArray()` or `sqlValue.json()` and a cast in SQL.
 */
import type { SqlParameter } from '@aws-sdk/client-rds-data';
import type { SqlParams, SqlValue } from './executor.js';
import { formatTimestamp } from './values.js';

function encode(name: string, value: SqlValue | undefined): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  switch (typeof value) {
    case 'string':
      return { name, value: { stringValue: value } };
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Parameter :${name} is not a finite number`);
      return Number.isSafeInteger(value)
        ? { name, value: { longValue: value } }
        : { name, value: { doubleValue: value } };
    case 'bigint':
      // longValue is a JS number on the wire; beyond 2^53 send exact digits as DECIMAL.
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? { name, value: { longValue: Number(value) } }
        : { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
    case 'object':
      if (value instanceof Date) {
        return { name, value: { stringValue: formatTimestamp(value) }, typeHint: 'TIMESTAMP' };
      }
      if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
      if ('kind' in value && value.kind === 'typed') {
        return { name, value: { stringValue: value.value }, typeHint: value.hint };
      }
      break;
    default:
      break;
  }
  throw new TypeError(
    `Parameter :${name} has an unsupported type (${Array.isArray(value) ? 'array: use sqlValue.textArray() or sqlValue.json()' : typeof value})`,
  );
}

export function toSqlParameters(params: SqlParams | undefined): SqlParameter[] {
  return Object.entries(params ?? {}).map(([name, value]) => encode(name, value));
}
