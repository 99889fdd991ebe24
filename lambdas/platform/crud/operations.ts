/**
 * The five generic operations over a ResourceSpec, each one Data API call.
 * Domains use them as they are, or call the statement builders for variants.
 */
import type { Row, SqlExecutor, SqlValue } from '../db/executor.js';
import { NotFoundError, PayloadTooLargeError, PreconditionFailedError, ValidationError } from '../errors.js';
import type { Page, QueryInput } from '../lists/list-query.js';
import { readPage } from '../lists/list-route.js';
import { idCondition, parentIdSql } from './id-match.js';
import type { ResourceSpec } from './resource.js';
import {
  MAX_ROW_JSON_BYTES,
  TOO_LARGE_COLUMN,
  UNKNOWN_REFS_COLUMN,
  VERSION_COLUMN,
  deleteOne,
  insertOne,
  selectOne,
  updateOne,
  type References,
  type SessionSettings,
  type Statement,
} from './statements.js';

/** Options of a write: transaction-local settings for the table's triggers (see settingsCte). */
export interface WriteOptions {
  settings?: SessionSettings;
}

/** A row as returned to clients, and its version for the ETag. */
export interface Versioned {
  row: Row;
  version: string;
}

export interface Scope {
  /** The `{id}` path parameter, when the route has one. */
  id?: string;
  /** The parent's path parameter, for nested resources. */
  parentId?: string;
}

function split(raw: Row): Versioned {
  const { [VERSION_COLUMN]: version, _found: _f, _removed: _r, [TOO_LARGE_COLUMN]: _t, [UNKNOWN_REFS_COLUMN]: _u, ...row } = raw;
  return { row, version: String(version) };
}

function notFound(spec: ResourceSpec, id: string | undefined): NotFoundError {
  return new NotFoundError(`No ${spec.noun.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${id ?? ''}`.trim() + '.');
}

/** A write refused because the Data API could not return the resulting row. */
export function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The resulting record would exceed ${MAX_ROW_JSON_BYTES} bytes as JSON, more than can be read back; shorten its text, lists or JSON fields. Nothing was changed.`,
  );
}

/** The body fields whose reference named no row, as the statement reports them (UNKNOWN_REFS_COLUMN). */
function unknownReferences(row: Row | undefined): string[] {
  return String(row?.[UNKNOWN_REFS_COLUMN] ?? '').split(',').filter(Boolean);
}

/**
 * A write whose reference (a foreign key given by uuid or business ID) names
 * no row: a 422 naming each such body field, nothing written. `row` is the
 * statement's result (UNKNOWN_REFS_COLUMN).
 */
export function refuseUnknownReferences(row: Row | undefined, references: References): void {
  const unknown = unknownReferences(row);
  if (unknown.length === 0) return;
  throw new ValidationError(
    unknown.map((column) => ({ path: `body.${column}`, message: `Names no ${references[column]?.table.split('.').pop() ?? 'row'} row (neither its uuid nor its ${references[column]?.businessIdColumn ?? 'business ID'})` })),
    `${unknown.join(', ')} ${unknown.length === 1 ? 'refers' : 'refer'} to nothing; nothing was written.`,
  );
}

/** `WHERE` of one row: its id (or business ID), and its parent when nested. */
function rowWhere(spec: ResourceSpec, scope: Scope): Statement {
  const id = idCondition(scope.id ?? '', 't', 'row_id', spec.businessIdColumn);
  if (!id) throw notFound(spec, scope.id);
  const parent = parentCondition(spec, scope);
  return parent
    ? { sql: `${id.sql} AND t.${spec.parent!.column} = ${parent.sql}`, params: { ...id.params, ...parent.params } }
    : id;
}

/** `propertyId` -> "property", `calendarId` -> "calendar": the parent as the path names it. */
function parentNoun(spec: ResourceSpec): string {
  return (spec.parent?.param ?? 'parent').replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function missingParent(spec: ResourceSpec, scope: Scope): NotFoundError {
  return new NotFoundError(`No ${parentNoun(spec)} ${scope.parentId ?? ''}.`);
}

function parentCondition(spec: ResourceSpec, scope: Scope): Statement | null {
  if (!spec.parent) return null;
  const parent = parentIdSql(scope.parentId ?? '', spec.parent.table, 'parent_id', spec.parent.businessIdColumn);
  if (!parent) throw missingParent(spec, scope);
  return parent;
}

/**
 * A nested list under a parent that does not exist is a 404, like every other
 * read under it. Only an empty page needs the second look (a page with rows
 * proves the parent).
 */
export async function listRows(executor: SqlExecutor, spec: ResourceSpec, scope: Scope, query: QueryInput): Promise<Page<Row>> {
  const parent = parentCondition(spec, scope);
  const page = await readPage(
    executor,
    {
      table: spec.table,
      select: spec.listSelect,
      columns: spec.columns,
      defaultOrder: spec.defaultOrder,
      ...(parent ? { where: { sql: `${spec.parent!.column} = ${parent.sql}`, params: parent.params } } : {}),
    },
    query,
  );
  if (parent && page.data.length === 0) await assertParentExists(executor, spec, scope, parent);
  return page;
}

/** A second look, on the rare path that needs it: the parent in the path names no row -> 404. */
async function assertParentExists(executor: SqlExecutor, spec: ResourceSpec, scope: Scope, parent: Statement): Promise<void> {
  const { rows } = await executor.query(`SELECT ${parent.sql} IS NOT NULL AS found`, parent.params);
  if (rows[0]?.found !== true) throw missingParent(spec, scope);
}

export async function getRow(executor: SqlExecutor, spec: ResourceSpec, scope: Scope): Promise<Versioned> {
  const where = rowWhere(spec, scope);
  const { rows } = await executor.query(selectOne(spec.table, spec.select, where.sql, where.params).sql, where.params);
  if (!rows[0]) throw notFound(spec, scope.id);
  return split(rows[0]);
}

export async function createRow(
  executor: SqlExecutor,
  spec: ResourceSpec,
  scope: Scope,
  values: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<Versioned> {
  const parent = parentCondition(spec, scope);
  const fixed = parent ? { column: spec.parent!.column, valueSql: parent.sql, params: parent.params } : null;
  const statement = insertOne(spec.table, spec.select, values, fixed, options.settings, spec.references);
  const { rows } = await executor.query(statement.sql, statement.params);
  if (rows[0]?.[TOO_LARGE_COLUMN] === true) throw tooLarge();
  // The path's parent is checked before the body's references: a request under a parent that does not exist is a 404
  // whatever its body says, as it is for every other route under that parent.
  if (parent && unknownReferences(rows[0]).length > 0) await assertParentExists(executor, spec, scope, parent);
  refuseUnknownReferences(rows[0], spec.references);
  if (rows[0]?.[VERSION_COLUMN] === null || rows[0]?.[VERSION_COLUMN] === undefined) throw missingParent(spec, scope);
  return split(rows[0]);
}

export async function updateRow(
  executor: SqlExecutor,
  spec: ResourceSpec,
  scope: Scope,
  values: Record<string, unknown>,
  ifMatch: string[] | '*' | undefined,
  options: WriteOptions = {},
): Promise<Versioned> {
  const where = rowWhere(spec, scope);
  const statement = updateOne(spec.table, spec.select, where, values, ifMatch, options.settings, spec.references);
  const { rows } = await executor.query(statement.sql, statement.params);
  const result = rows[0];
  if (!result?._found) throw notFound(spec, scope.id);
  refuseUnknownReferences(result, spec.references);
  if (result[VERSION_COLUMN] === null && result[TOO_LARGE_COLUMN] === true) throw tooLarge();
  if (result[VERSION_COLUMN] === null || result[VERSION_COLUMN] === undefined) throw new PreconditionFailedError();
  return split(result);
}

export async function deleteRow(
  executor: SqlExecutor,
  spec: ResourceSpec,
  scope: Scope,
  ifMatch: string[] | '*' | undefined,
): Promise<void> {
  const where = rowWhere(spec, scope);
  const statement = deleteOne(spec.table, where, ifMatch);
  const { rows } = await executor.query(statement.sql, statement.params as Record<string, SqlValue>);
  if (!rows[0]?._found) throw notFound(spec, scope.id);
  if (!rows[0]._removed) throw new PreconditionFailedError();
}
