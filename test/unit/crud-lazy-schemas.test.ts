/**
 * A resource's derived schemas and its routes' request/response schemas are
 * built on first read, once: module init builds none of them, and every
 * reader (the validator, the OpenAPI builder) sees the same objects. Also the
 * two extension points that replaced operation-id matching: documented extra
 * errors per operation and a PATCH that may give input-only fields alone.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { crudRoutes, defineResource, field, inputOnly, readOnly } from '../../lambdas/platform/crud/index.js';
import { lazyProperty } from '../../lambdas/platform/lazy.js';

const declaration = () =>
  defineResource({
    noun: 'LazyThing',
    plural: 'LazyThings',
    tag: 'lazy',
    schemaName: 'LazyThing',
    table: 'public.lazy_things',
    collectionPath: '/v1/lazy-things',
    defaultOrder: 'id.desc',
    fields: {
      id: readOnly(z.uuid(), { filter: 'uuid', orderable: true }),
      name: field(z.string().check(z.maxLength(10)), { write: 'required', filter: 'text' }),
      secret: inputOnly(z.string()),
    },
  });

const isPending = (target: object, key: string): boolean => typeof Object.getOwnPropertyDescriptor(target, key)?.get === 'function';

describe('lazy schemas', () => {
  it('lazyProperty computes once, on the first read, then holds a plain value', () => {
    let calls = 0;
    const target = {} as { value: object };
    lazyProperty(target, 'value', () => ({ n: ++calls }));
    expect(calls).toBe(0);
    expect(isPending(target, 'value')).toBe(true);
    const first = target.value;
    expect(target.value).toBe(first);
    expect(calls).toBe(1);
    expect(isPending(target, 'value')).toBe(false);
    expect(Object.keys(target)).toEqual(['value']);
  });

  it('builds no derived schema of a resource or its routes until one is read', () => {
    const spec = declaration();
    const routes = crudRoutes(spec);
    for (const key of ['item', 'listItem', 'create', 'update']) expect(isPending(spec, key), key).toBe(true);
    for (const route of routes) {
      expect(isPending(route, 'request'), route.operationId).toBe(true);
      expect(isPending(route, 'responses'), route.operationId).toBe(true);
    }
    const create = routes.find((r) => r.method === 'POST')!;
    expect(create.request?.body).toBe(spec.create);
    expect(create.responses[201]?.schema).toBe(spec.item);
    // Reading one route's schemas leaves the others' unbuilt.
    expect(isPending(routes.find((r) => r.method === 'GET' && r.path.endsWith('{id}'))!, 'request')).toBe(true);
    expect(isPending(spec, 'update')).toBe(true);
  });

  it('documents extra errors per operation and keeps the generic ones of the others', () => {
    const routes = crudRoutes(declaration(), {}, { delete: { 409: 'Held.' } });
    expect(routes.find((r) => r.method === 'DELETE')!.errors).toEqual({ 409: 'Held.' });
    expect(routes.find((r) => r.method === 'PATCH')!.errors).toBeUndefined();
  });

  it('refuses a PATCH of input-only fields alone unless the resource allows it', () => {
    const strict = declaration();
    expect(strict.update.safeParse({ secret: 's' }).success).toBe(false);
    expect(strict.update.safeParse({ name: 'n' }).success).toBe(true);
    const allowing = defineResource({ ...declaration(), patchInputOnly: true });
    expect(allowing.update.safeParse({ secret: 's' }).success).toBe(true);
    expect(allowing.update.safeParse({}).success).toBe(false);
  });
});
