/**
 * A table exposed as a REST resource. One declaration drives the routes, the
 * SQL (one statement per request) and the OpenAPI schemas, so the domains of
 * the API share one implementation of list/get/create/update/delete.
 */
import type { ZodObject, ZodType } from 'zod';
import type { Role } from '../auth/roles.js';
import type { ColumnDeclarations } from '../lists/filters.js';

export type CrudOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

export interface ParentSpec {
  /** Path parameter naming the parent, e.g. `websiteId` in /v1/websites/{websiteId}/pages. */
  param: string;
  /** This table's column holding the parent's uuid. */
  column: string;
  /** The parent's table and business-ID column (so the path accepts either). */
  table: string;
  businessIdColumn?: string;
}

export interface ResourceSpec {
  /** Singular PascalCase noun for operation ids (`getWebsite`, `listWebsites`). */
  noun: string;
  plural: string;
  /** Lambda domain serving the routes. */
  domain: string;
  tag: string;
  /** `schema.table`. */
  table: string;
  /** Collection path (`/v1/websites`), item path is `${collectionPath}/{id}`. */
  collectionPath: string;
  parent?: ParentSpec;
  /** Column with the business ID (`website_id`): `{id}` in a path may be it or the uuid. */
  businessIdColumn?: string;
  /** Select list of the representation (trusted SQL). */
  select: string;
  /** Filterable / orderable columns for lists. */
  columns: ColumnDeclarations;
  defaultOrder: string;
  /** Response item schema (OpenAPI). */
  item: ZodType;
  /** Create body (strict); the keys it allows are the writable columns. */
  create: ZodObject;
  /** Update body (strict, every key optional); default: `create.partial()`. */
  update?: ZodObject;
  operations?: readonly CrudOperation[];
  /** Lowest role per kind of operation: viewers read, marketers write, admins delete. */
  roles?: Partial<Record<'read' | 'write' | 'delete', Role>>;
}

export const DEFAULT_OPERATIONS: readonly CrudOperation[] = ['list', 'get', 'create', 'update', 'delete'];
