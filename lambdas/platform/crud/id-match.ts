/**
 * `{id}` in a path is the uuid or the business ID (`CON-010001`). Anything
 * else cannot name a row, so it is a 404 without a database call.
 */
import { sqlValue } from '../db/values.js';
import type { SqlValue } from '../db/executor.js';
import { BUSINESS_ID } from '../lists/filters.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IdCondition {
  sql: string;
  params: Record<string, SqlValue>;
}

/** SQL matching `alias` by uuid or business ID, or null when `raw` can be neither. */
export function idCondition(
  raw: string,
  alias: string,
  param: string,
  businessIdColumn: string | undefined,
): IdCondition | null {
  if (UUID.test(raw)) return { sql: `${alias}.id = :${param}`, params: { [param]: sqlValue.uuid(raw.toLowerCase()) } };
  if (businessIdColumn && BUSINESS_ID.test(raw)) {
    return { sql: `${alias}.${businessIdColumn} = :${param}`, params: { [param]: raw } };
  }
  return null;
}

/** A scalar subquery giving the parent's uuid from its uuid or business ID. */
export function parentIdSql(
  raw: string,
  table: string,
  param: string,
  businessIdColumn: string | undefined,
): IdCondition | null {
  const match = idCondition(raw, 'p', param, businessIdColumn);
  if (!match) return null;
  return { sql: `(SELECT p.id FROM ${table} p WHERE ${match.sql})`, params: match.params };
}
