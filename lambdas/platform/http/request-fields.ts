/**
 * Which request field a table column came from, so a conflict (409) names
 * what the client sent rather than the column PostgreSQL reports: a duplicate
 * page path under /v1/websites/{websiteId}/pages is `params.websiteId` and
 * `body.page_path`, not `body.website_id`; attaching an asset twice is
 * `params.propertyId` and `body.asset_id`, not `body.library_asset_id`.
 *
 * A route declares the table it writes and, per column, where the client
 * gives it (`RouteDefinition.writes`; the generic CRUD routes derive theirs
 * from the resource). Columns it does not declare fall back to what the
 * request itself shows: a top-level body field of the same name, or a path
 * parameter whose name is the column in camelCase (`property_id` ->
 * `propertyId`). A column the client did not send is named by none.
 */
import type { RouteDefinition } from './route.js';

/**
 * Where the client gives each column of the written table, in preference
 * order: `body.<field>` (counts when the body carries that field), or
 * `params.<name>` (always: the path has it). `[]`: the server's (ids,
 * generated business IDs, the author from the token), never the client's.
 */
export type ColumnSources = Readonly<Record<string, readonly string[]>>;

export interface WriteDeclaration {
  /** `schema.table` whose constraints can refuse the write (checked against the catalog by a test). */
  table: string;
  columns: ColumnSources;
}

/** What the error mapping knows of the request that failed. */
export interface RequestTerms {
  writes?: WriteDeclaration | undefined;
  /** The validated path parameters. */
  params: Readonly<Record<string, unknown>>;
  /** The validated body (top-level fields are looked at only when it is an object). */
  body: unknown;
}

export const camelCase = (column: string): string => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function bodyHas(body: unknown, field: string): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, field);
}

/** Whether this request carries the field a source names. */
function carried(source: string, terms: RequestTerms): boolean {
  const dot = source.indexOf('.');
  const where = source.slice(0, dot);
  const name = source.slice(dot + 1);
  if (where === 'params') return Object.hasOwn(terms.params, name);
  if (where === 'body') return bodyHas(terms.body, name);
  return false;
}

/**
 * The request path that gave `column` (`body.asset_id`, `params.propertyId`),
 * or undefined when the client did not send it. `table` is the constraint's
 * table when the error names it; a declaration for another table does not apply.
 */
export function requestPathOf(column: string, terms: RequestTerms | undefined, table?: string): string | undefined {
  if (!terms) return `body.${column}`;
  const declared = terms.writes && (!table || sameTable(table, terms.writes.table)) ? terms.writes.columns[column] : undefined;
  if (declared) return declared.find((source) => carried(source, terms));
  if (bodyHas(terms.body, column)) return `body.${column}`;
  const param = camelCase(column);
  if (Object.hasOwn(terms.params, param)) return `params.${param}`;
  return undefined;
}

/** `marketing.website_pages` and `website_pages` name the same table (errors may leave the schema out). */
function sameTable(a: string, b: string): boolean {
  return a === b || a.split('.').pop() === b.split('.').pop();
}

/** The request terms of a route and its validated input. */
export function requestTerms(route: Pick<RouteDefinition, 'writes'>, input: { params: unknown; body: unknown }): RequestTerms {
  return {
    writes: route.writes,
    params: (typeof input.params === 'object' && input.params !== null ? input.params : {}) as Record<string, unknown>,
    body: input.body,
  };
}
