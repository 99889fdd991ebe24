/**
 * The builder documents a route written with `zod/mini` exactly as the same
 * route written with classic zod: domains move to mini (a sixth of classic's
 * bundle) one at a time, and their documents must not change when they do.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { buildOpenApiDocument, type DocumentedRoute } from '../../lambdas/platform/openapi.js';

/** The same contract in classic zod and in mini: a component, nullable and optional fields, a default, a record, a union. */
function classicRoutes(): DocumentedRoute[] {
  const Part = z.object({ sku: z.string().min(1).max(20), count: z.number().int().min(0) }).meta({ id: 'GadgetPart', description: 'One part.' });
  const Gadget = z
    .object({
      id: z.uuid(),
      name: z.string().min(1).max(40).meta({ description: 'Shown to users.' }),
      size: z.enum(['s', 'm', 'l']).default('m'),
      notes: z.string().max(500).nullable(),
      parts: z.array(Part),
      spare: Part.nullable(),
      labels: z.record(z.string(), z.string()),
      kind: z.union([z.literal('plain'), z.object({ custom: z.string() })]),
      extra: z.unknown(),
      updated_at: z.iso.datetime(),
    })
    .meta({ id: 'Gadget', example: { id: '0190a6e8-7a9b-7c3d-8e4f-5a6b7c8d9e0f' } });
  const body = z.object({
    name: z.string().min(1).max(40),
    size: z.enum(['s', 'm', 'l']).default('m'),
    notes: z.string().max(500).nullable().optional(),
    parts: z.array(Part).max(10),
    dims: z.strictObject({ width: z.number().positive() }).optional(),
  });
  return [
    {
      method: 'PATCH',
      path: '/v1/gadgets/{id}',
      auth: 'jwt',
      role: 'marketer',
      operationId: 'updateGadget',
      summary: 'Change a gadget',
      tags: ['gadgets'],
      request: {
        params: z.object({ id: z.uuid() }),
        query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10), q: z.string().optional().meta({ description: 'Search text.' }) }),
        body,
      },
      responses: { 200: { description: 'The gadget', schema: Gadget } },
    },
  ];
}

function miniRoutes(): DocumentedRoute[] {
  const Part = zm
    .object({ sku: zm.string().check(zm.minLength(1), zm.maxLength(20)), count: zm.int().check(zm.minimum(0)) })
    .register(zm.globalRegistry, { id: 'GadgetPart', description: 'One part.' });
  const Gadget = zm
    .object({
      id: zm.uuid(),
      name: zm.string().check(zm.minLength(1), zm.maxLength(40), zm.meta({ description: 'Shown to users.' })),
      size: zm._default(zm.enum(['s', 'm', 'l']), 'm'),
      notes: zm.nullable(zm.string().check(zm.maxLength(500))),
      parts: zm.array(Part),
      spare: zm.nullable(Part),
      labels: zm.record(zm.string(), zm.string()),
      kind: zm.union([zm.literal('plain'), zm.object({ custom: zm.string() })]),
      extra: zm.unknown(),
      updated_at: zm.iso.datetime(),
    })
    .register(zm.globalRegistry, { id: 'Gadget', example: { id: '0190a6e8-7a9b-7c3d-8e4f-5a6b7c8d9e0f' } });
  const body = zm.object({
    name: zm.string().check(zm.minLength(1), zm.maxLength(40)),
    size: zm._default(zm.enum(['s', 'm', 'l']), 'm'),
    notes: zm.optional(zm.nullable(zm.string().check(zm.maxLength(500)))),
    parts: zm.array(Part).check(zm.maxLength(10)),
    dims: zm.optional(zm.strictObject({ width: zm.number().check(zm.positive()) })),
  });
  return [
    {
      method: 'PATCH',
      path: '/v1/gadgets/{id}',
      auth: 'jwt',
      role: 'marketer',
      operationId: 'updateGadget',
      summary: 'Change a gadget',
      tags: ['gadgets'],
      request: {
        params: zm.object({ id: zm.uuid() }),
        query: zm.object({
          limit: zm._default(zm.coerce.number().check(zm.int(), zm.minimum(1), zm.maximum(50)), 10),
          q: zm.optional(zm.string()).check(zm.meta({ description: 'Search text.' })),
        }),
        body,
      },
      responses: { 200: { description: 'The gadget', schema: Gadget } },
    },
  ];
}

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };
type Operation = {
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

const documentOf = (routes: DocumentedRoute[]) => {
  const doc = buildOpenApiDocument({ routes });
  return { operation: doc.paths['/v1/gadgets/{id}']?.patch as unknown as Operation, schemas: doc.components.schemas as Record<string, Schema> };
};

describe('OpenAPI document of zod/mini schemas', () => {
  const classic = documentOf(classicRoutes());
  const mini = documentOf(miniRoutes());

  it('is the document of the same schemas in classic zod: operation and components', () => {
    expect(mini.operation).toEqual(classic.operation);
    expect(mini.schemas).toEqual(classic.schemas);
  });

  it('carries what the schemas say (so the equality above is not of two empty documents)', () => {
    const { operation, schemas } = mini;
    expect(Object.keys(schemas).sort()).toEqual(['Gadget', 'GadgetPart', 'GatewayMessage', 'Problem']);
    expect(operation.responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Gadget' });
    const gadget = schemas.Gadget!;
    expect(gadget.example).toEqual({ id: '0190a6e8-7a9b-7c3d-8e4f-5a6b7c8d9e0f' });
    expect(gadget.properties?.name).toEqual({ type: 'string', minLength: 1, maxLength: 40, description: 'Shown to users.' });
    expect(gadget.properties?.notes).toEqual({ type: ['string', 'null'], maxLength: 500 });
    expect(gadget.properties?.spare).toEqual({ anyOf: [{ $ref: '#/components/schemas/GadgetPart' }, { type: 'null' }] });
    expect(gadget.properties?.id).toEqual({ type: 'string', format: 'uuid' });
    // A response is zod's output: the default is always there; an unknown may be left out.
    expect(gadget.required).toContain('size');
    expect(gadget.required).not.toContain('extra');
    expect(gadget.additionalProperties).toBeUndefined();
    expect(schemas.GadgetPart).toEqual({
      type: 'object',
      description: 'One part.',
      properties: { sku: { type: 'string', minLength: 1, maxLength: 20 }, count: { type: 'integer', minimum: 0 } },
      required: ['sku', 'count'],
    });

    // A request is zod's input: a field with a default may be left out; the top level is closed as validated.
    const body = operation.requestBody.content['application/json']!.schema;
    expect(body.required).toEqual(['name', 'parts']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties?.size).toEqual({ type: 'string', enum: ['s', 'm', 'l'], default: 'm' });
    expect(body.properties?.parts).toEqual({ type: 'array', items: { $ref: '#/components/schemas/GadgetPart' }, maxItems: 10 });
    expect(body.properties?.dims?.additionalProperties).toBe(false);

    expect(operation.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['path', 'id', true],
      ['query', 'limit', false],
      ['query', 'q', false],
      ['header', 'If-Match', false],
    ]);
    expect(operation.parameters[1]?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 50, default: 10 });
    expect(operation.parameters[2]?.description).toBe('Search text.');
  });
});
