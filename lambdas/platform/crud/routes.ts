/** Route definitions for a ResourceSpec: list, get, create, update (PATCH), delete. */
import { z } from 'zod';
import type { RouteDefinition } from '../http/route.js';
import { listQuerySchema, pageSchema } from '../lists/list-route.js';
import { DEFAULT_OPERATIONS, type CrudOperation, type ResourceSpec } from './resource.js';

const idParam = z.string().min(1).max(64).meta({ description: 'The uuid or the business ID.' });

function paths(spec: ResourceSpec) {
  const parentParams = spec.parent ? { [spec.parent.param]: idParam } : {};
  return {
    collection: spec.collectionPath,
    item: `${spec.collectionPath}/{id}`,
    collectionParams: spec.parent ? z.object(parentParams) : undefined,
    itemParams: z.object({ ...parentParams, id: idParam }),
  };
}

export function updateSchema(spec: ResourceSpec) {
  return (spec.update ?? spec.create.partial()).refine((v) => Object.keys(v).length > 0, {
    message: 'Give at least one field to change.',
  });
}

export function crudRoutes(spec: ResourceSpec): RouteDefinition[] {
  const ops = new Set<CrudOperation>(spec.operations ?? DEFAULT_OPERATIONS);
  const p = paths(spec);
  const base = { domain: spec.domain, auth: 'jwt' as const, tags: [spec.tag] };
  const read = spec.roles?.read ?? 'viewer';
  const write = spec.roles?.write ?? 'marketer';
  const remove = spec.roles?.delete ?? 'admin';
  const routes: RouteDefinition[] = [];
  if (ops.has('list')) {
    routes.push({
      ...base,
      method: 'GET',
      path: p.collection,
      role: read,
      operationId: `list${spec.plural}`,
      summary: `List ${spec.plural} (keyset pages, filters, order)`,
      request: { ...(p.collectionParams ? { params: p.collectionParams } : {}), query: listQuerySchema(spec.columns) },
      responses: { 200: { description: 'One page.', schema: pageSchema(spec.item) } },
    });
  }
  if (ops.has('create')) {
    routes.push({
      ...base,
      method: 'POST',
      path: p.collection,
      role: write,
      operationId: `create${spec.noun}`,
      summary: `Create a ${spec.noun}`,
      request: { ...(p.collectionParams ? { params: p.collectionParams } : {}), body: spec.create },
      responses: { 201: { description: 'Created.', schema: spec.item } },
    });
  }
  if (ops.has('get')) {
    routes.push({
      ...base,
      method: 'GET',
      path: p.item,
      role: read,
      operationId: `get${spec.noun}`,
      summary: `Get a ${spec.noun} by uuid or business ID`,
      request: { params: p.itemParams },
      responses: { 200: { description: 'The resource, with its ETag.', schema: spec.item } },
    });
  }
  if (ops.has('update')) {
    routes.push({
      ...base,
      method: 'PATCH',
      path: p.item,
      role: write,
      operationId: `update${spec.noun}`,
      summary: `Change fields of a ${spec.noun} (honours If-Match)`,
      request: { params: p.itemParams, body: updateSchema(spec) },
      responses: { 200: { description: 'The updated resource.', schema: spec.item } },
    });
  }
  if (ops.has('delete')) {
    routes.push({
      ...base,
      method: 'DELETE',
      path: p.item,
      role: remove,
      operationId: `delete${spec.noun}`,
      summary: `Delete a ${spec.noun} (honours If-Match)`,
      request: { params: p.itemParams },
      responses: { 204: { description: 'Deleted.' } },
    });
  }
  return routes;
}
