/**
 * A table exposed as a REST resource. One declaration (its fields, paths and
 * hooks) drives the routes, the SQL (one statement per request) and the
 * OpenAPI schemas, so the domains share one implementation of
 * list/get/create/update/delete and add their rules through hooks.
 */
import type { ZodMiniObject as ZodObject, ZodMiniType as ZodType } from 'zod/mini';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import type { ColumnSources } from '../http/request-fields.js';
import type { ColumnDeclarations } from '../lists/filters.js';
import { columnNames, createSchema, enumValues, inputOnlyNames, itemSchema, listColumnNames, nullable, updateSchema, type Fields } from './fields.js';
import type { References, SessionSettings } from './statements.js';
import { lazyProperty } from '../lazy.js';
import { withMeta } from '../schema-meta.js';

export type CrudOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

export const DEFAULT_OPERATIONS: readonly CrudOperation[] = ['list', 'get', 'create', 'update', 'delete'];

export interface ParentSpec {
  /** Path parameter naming the parent, e.g. `websiteId` in /v1/websites/{websiteId}/pages. */
  param: string;
  /** This table's column holding the parent's uuid. */
  column: string;
  /** The parent's table and business-ID column (so the path accepts either). */
  table: string;
  businessIdColumn?: string;
}

/** What a hook knows of the request. */
export interface CrudContext {
  principal: Principal | null;
  /** The validated body, input-only fields included. */
  input: Readonly<Record<string, unknown>>;
}

/** Extension points of the generic operations: a table's rules without forking them. */
export interface CrudHooks {
  /** The column values to insert (add defaults and derived columns). */
  create?(values: Record<string, unknown>, context: CrudContext): Record<string, unknown>;
  /** The column values to change. */
  update?(values: Record<string, unknown>, context: CrudContext): Record<string, unknown>;
  /** Transaction-local settings for the table's triggers, applied by the writing statement. */
  settings?(context: CrudContext): SessionSettings | undefined;
}

export interface ResourceDeclaration {
  /** Singular PascalCase noun for operation ids (`getWebsite`, `listWebsites`). */
  noun: string;
  plural: string;
  tag: string;
  /** `schema.table`. */
  table: string;
  /** Collection path (`/v1/websites`); the item path is `${collectionPath}/{id}`. */
  collectionPath: string;
  parent?: ParentSpec;
  /** Column with the business ID (`website_id`): `{id}` in a path may be it or the uuid. */
  businessIdColumn?: string;
  fields: Fields;
  /** OpenAPI component name of the item (`Website`); the list's is `<name>Summary` when lists leave fields out. */
  schemaName: string;
  defaultOrder: string;
  operations?: readonly CrudOperation[];
  /** Lowest role per kind of operation: viewers read, marketers write, admins delete. */
  roles?: Partial<Record<'read' | 'write' | 'delete', Role>>;
  /** Column set to the caller's subject on create, never from the body (`created_by`). */
  authorColumn?: string;
  hooks?: CrudHooks;
  /**
   * Where the client gives columns the fields cannot tell (see
   * write-columns.ts), per write: e.g. a column filled from a body field of
   * another name. Overrides the derived sources of those columns.
   */
  columnSources?: Partial<Record<'create' | 'update', ColumnSources>>;
  /** Cross-field rules of the create body (e.g. "one of a or b"), wrapped around the derived schema. */
  refineCreate?: (derived: ZodObject) => ZodType;
  /**
   * PATCH may give input-only fields alone (e.g. a write-only secret its hooks
   * seal into a column); by default it must give at least one column.
   */
  patchInputOnly?: boolean;
}

/** A resource with everything derived from its declaration. */
export interface ResourceSpec extends ResourceDeclaration {
  /** Select list of the representation (column names from the declaration). */
  select: string;
  /** Select list of list rows. */
  listSelect: string;
  /** Filterable / orderable columns for lists. */
  columns: ColumnDeclarations;
  item: ZodObject;
  listItem: ZodObject;
  create: ZodType;
  update: ZodType;
  /** Body fields that are not columns. */
  inputOnly: readonly string[];
  /** Foreign keys a body may give by uuid or business ID (FieldOptions.references), resolved by the writing statement. */
  references: References;
}

function columnDeclarations(fields: Fields): ColumnDeclarations {
  const out: Record<string, ColumnDeclarations[string]> = {};
  for (const name of columnNames(fields)) {
    const { filter, operators, orderable, references } = fields[name]!.options;
    if (!filter) continue;
    const values = filter === 'text' ? enumValues(fields[name]!) : undefined;
    out[name] = {
      type: filter,
      ...(values ? { values } : {}),
      ...(references ? { references } : {}),
      ...(operators ? { operators } : {}),
      ...(orderable ? { orderable: true } : {}),
      nullable: nullable(fields[name]!),
    };
  }
  return out;
}

const defined: ResourceSpec[] = [];

/** Every resource defined so far (tests check their declarations against the catalog). */
export function definedResources(): readonly ResourceSpec[] {
  return defined;
}

export function defineResource(declaration: ResourceDeclaration): ResourceSpec {
  const { fields } = declaration;
  const columns = columnNames(fields);
  const listed = listColumnNames(fields);
  for (const name of columns) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`${declaration.table}: not a plain column name: ${name}`);
  const eager: Omit<ResourceSpec, 'item' | 'listItem' | 'create' | 'update'> = {
    ...declaration,
    select: columns.join(', '),
    listSelect: listed.join(', '),
    columns: columnDeclarations(fields),
    inputOnly: inputOnlyNames(fields),
    references: Object.fromEntries(columns.flatMap((name) => (fields[name]!.options.references ? [[name, fields[name]!.options.references!]] : []))),
  };
  const spec = eager as ResourceSpec;
  // The schemas are built when first read (a route's validation, the OpenAPI document), not at module init.
  lazyProperty(spec, 'item', () => withMeta(itemSchema(fields, columns), { id: declaration.schemaName }));
  lazyProperty(spec, 'listItem', () => (listed.length === columns.length ? spec.item : withMeta(itemSchema(fields, listed), { id: `${declaration.schemaName}Summary` })));
  lazyProperty(spec, 'create', () => (declaration.refineCreate ? declaration.refineCreate(createSchema(fields)) : createSchema(fields)));
  lazyProperty(spec, 'update', () => updateSchema(fields, { inputOnlySuffices: declaration.patchInputOnly === true }));
  defined.push(spec);
  return spec;
}
