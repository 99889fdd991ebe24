/**
 * The routes of a ResourceSpec, each bound to its one-statement operation:
 * list, get, create, update (PATCH), delete.
 */
import * as z from 'zod/mini';
import { getExecutor } from '../db/index.js';
import { ifMatchVersions, versionEtag } from '../http/etag.js';
import type { HttpRequest } from '../http/request.js';
import { created, noContent, ok, type HttpResult } from '../http/result.js';
import type { ApiRoute, RouteDefinition } from '../http/route.js';
import { listQuerySchema, pageSchema } from '../lists/list-route.js';
import { createRow, deleteRow, getRow, listRows, updateRow, type Scope } from './operations.js';
import { DEFAULT_OPERATIONS, type CrudOperation, type ResourceSpec } from './resource.js';
import { writeColumns } from './write-columns.js';
import { lazyProperty } from '../lazy.js';
import { withMeta } from '../schema-meta.js';

let idSchema: z.ZodMiniString | undefined;
const idParam = () => (idSchema ??= withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID.' }));

/** The paths now, their parameter schemas when first asked for (once per resource). */
function lazyPaths(spec: ResourceSpec) {
  let params: { collectionParams?: z.ZodMiniObject; itemParams: z.ZodMiniObject } | undefined;
  const schemas = () => {
    if (!params) {
      const parentParams = spec.parent ? { [spec.parent.param]: idParam() } : {};
      params = {
        ...(spec.parent ? { collectionParams: z.object(parentParams) } : {}),
        itemParams: z.object({ ...parentParams, id: idParam() }),
      };
    }
    return params;
  };
  return Object.assign(schemas, { collection: spec.collectionPath, item: `${spec.collectionPath}/{id}` });
}

function scopeOf(spec: ResourceSpec, req: HttpRequest): Scope {
  const params = req.params as Record<string, string | undefined>;
  return {
    ...(params.id !== undefined ? { id: params.id } : {}),
    ...(spec.parent && params[spec.parent.param] !== undefined ? { parentId: params[spec.parent.param] } : {}),
  };
}

/** The five operations; a spec's hooks add what a table needs (who wrote it, derived columns, trigger settings). */
const operations = {
  list: async (spec: ResourceSpec, req: HttpRequest) =>
    ok(await listRows(getExecutor(), spec, scopeOf(spec, req), req.event.rawQueryString ?? ''), { etag: null }),
  get: async (spec: ResourceSpec, req: HttpRequest) => {
    const { row, version } = await getRow(getExecutor(), spec, scopeOf(spec, req));
    return ok(row, { etag: versionEtag(version) });
  },
  create: async (spec: ResourceSpec, req: HttpRequest) => {
    const input = req.body as Record<string, unknown>;
    const context = { principal: req.principal, input };
    const own = spec.authorColumn ? { ...columnsOf(spec, input), [spec.authorColumn]: req.principal?.sub ?? null } : columnsOf(spec, input);
    const values = spec.hooks?.create ? spec.hooks.create(own, context) : own;
    const settings = spec.hooks?.settings?.(context);
    const { row, version } = await createRow(getExecutor(), spec, scopeOf(spec, req), values, settings ? { settings } : {});
    return created(row, `${req.event.rawPath}/${String(row.id)}`, { etag: versionEtag(version) });
  },
  update: async (spec: ResourceSpec, req: HttpRequest) => {
    const input = req.body as Record<string, unknown>;
    const context = { principal: req.principal, input };
    const values = spec.hooks?.update ? spec.hooks.update(columnsOf(spec, input), context) : columnsOf(spec, input);
    const settings = spec.hooks?.settings?.(context);
    const { row, version } = await updateRow(getExecutor(), spec, scopeOf(spec, req), values, ifMatchVersions(req), settings ? { settings } : {});
    return ok(row, { etag: versionEtag(version) });
  },
  delete: async (spec: ResourceSpec, req: HttpRequest) => {
    await deleteRow(getExecutor(), spec, scopeOf(spec, req), ifMatchVersions(req));
    return noContent();
  },
} satisfies Record<CrudOperation, (spec: ResourceSpec, req: HttpRequest) => Promise<unknown>>;

/** The body's column values: input-only fields (e.g. a change summary for a trigger) are not columns. */
function columnsOf(spec: ResourceSpec, input: Record<string, unknown>): Record<string, unknown> {
  if (spec.inputOnly.length === 0) return input;
  const values = { ...input };
  for (const key of spec.inputOnly) delete values[key];
  return values;
}

/** An operation replaced by the domain (e.g. a delete that also removes a stored object); the route stays the generic one. */
export type CrudOverrides = Partial<Record<CrudOperation, (req: HttpRequest<Record<string, string>>) => Promise<HttpResult>>>;

/** Error responses an operation documents beyond the generic ones (e.g. a 409 a domain's override raises). */
export type CrudErrors = Partial<Record<CrudOperation, Readonly<Record<number, string>>>>;

export function crudRoutes(spec: ResourceSpec, overrides: CrudOverrides = {}, errors: CrudErrors = {}): ApiRoute[] {
  return crudDefinitions(spec).map(([kind, { request, responses, ...definition }]) => {
    const route = {
      ...definition,
      ...(errors[kind] ? { errors: { ...definition.errors, ...errors[kind] } } : {}),
      handler: overrides[kind] ?? ((req: HttpRequest) => operations[kind](spec, req)),
    } as ApiRoute;
    // Built on first read (the route's first request, the OpenAPI document), not at module init.
    lazyProperty(route, 'request', request);
    lazyProperty(route, 'responses', responses);
    return route;
  });
}

/** A route's definition with its schemas as thunks: crudRoutes installs them as lazy properties. */
type LazyDefinition = Omit<RouteDefinition, 'request' | 'responses'> & {
  request: () => RouteDefinition['request'];
  responses: () => RouteDefinition['responses'];
};

function crudDefinitions(spec: ResourceSpec): [CrudOperation, LazyDefinition][] {
  const ops = new Set<CrudOperation>(spec.operations ?? DEFAULT_OPERATIONS);
  const p = lazyPaths(spec);
  const base = { auth: 'jwt' as const, tags: [spec.tag] };
  const read = spec.roles?.read ?? 'viewer';
  const write = spec.roles?.write ?? 'marketer';
  const remove = spec.roles?.delete ?? 'admin';
  const collectionParams = () => (spec.parent ? { params: p().collectionParams! } : {});
  const routes: [CrudOperation, LazyDefinition][] = [];
  if (ops.has('list')) {
    routes.push(['list', {
      ...base,
      method: 'GET',
      path: p.collection,
      role: read,
      operationId: `list${spec.plural}`,
      etag: false,
      list: { table: spec.table, idColumn: 'id', ...(spec.parent ? { scope: spec.parent.column } : {}), columns: spec.columns },
      summary: `List ${spec.plural} (keyset pages, filters, order)`,
      request: () => ({ ...collectionParams(), query: listQuerySchema(spec.columns, Object.keys(spec.fields)) }),
      responses: () => ({ 200: { description: 'One page.', schema: pageSchema(spec.listItem) } }),
    }]);
  }
  if (ops.has('create')) {
    routes.push(['create', {
      ...base,
      method: 'POST',
      path: p.collection,
      role: write,
      operationId: `create${spec.noun}`,
      summary: `Create a ${spec.noun}`,
      writes: writeColumns(spec, 'create'),
      request: () => ({ ...collectionParams(), body: spec.create }),
      responses: () => ({ 201: { description: 'Created.', schema: spec.item } }),
    }]);
  }
  if (ops.has('get')) {
    routes.push(['get', {
      ...base,
      method: 'GET',
      path: p.item,
      role: read,
      operationId: `get${spec.noun}`,
      summary: `Get a ${spec.noun} by uuid or business ID`,
      request: () => ({ params: p().itemParams }),
      responses: () => ({ 200: { description: 'The resource, with its ETag.', schema: spec.item } }),
    }]);
  }
  if (ops.has('update')) {
    routes.push(['update', {
      ...base,
      method: 'PATCH',
      path: p.item,
      role: write,
      operationId: `update${spec.noun}`,
      summary: `Change fields of a ${spec.noun} (honours If-Match)`,
      writes: writeColumns(spec, 'update'),
      request: () => ({ params: p().itemParams, body: spec.update }),
      responses: () => ({ 200: { description: 'The updated resource.', schema: spec.item } }),
    }]);
  }
  if (ops.has('delete')) {
    routes.push(['delete', {
      ...base,
      method: 'DELETE',
      path: p.item,
      role: remove,
      operationId: `delete${spec.noun}`,
      summary: `Delete a ${spec.noun} (honours If-Match)`,
      request: () => ({ params: p().itemParams }),
      responses: () => ({ 204: { description: 'Deleted.' } }),
    }]);
  }
  return routes;
}
