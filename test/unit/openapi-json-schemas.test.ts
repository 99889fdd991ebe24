/**
 * How the document's JSON Schemas come out of zod's `toJSONSchema`
 * (lambdas/platform/openapi/json-schemas.ts): components by metadata id,
 * requests as zod's input and responses as its output, and the rewrites that
 * keep the document's long-standing forms.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SchemaSet } from '../../lambdas/platform/openapi/json-schemas.js';

describe('SchemaSet', () => {
  it('makes a schema with an id a component, referenced wherever it is used', () => {
    const Tag = z.object({ name: z.string() }).meta({ id: 'TestTag' });
    const set = new SchemaSet();
    const list = set.use(z.object({ tags: z.array(Tag) }), 'output');
    const one = set.use(Tag, 'output');
    expect(set.convert()).toEqual({ TestTag: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } });
    expect(list).toEqual({ type: 'object', properties: { tags: { type: 'array', items: { $ref: '#/components/schemas/TestTag' } } }, required: ['tags'] });
    expect(one).toEqual({ $ref: '#/components/schemas/TestTag' });
  });

  it('writes a schema without an id where it is used, also inside another one the document uses', () => {
    const Inner = z.object({ n: z.number() });
    const set = new SchemaSet();
    const outer = set.use(z.object({ inner: Inner }), 'output');
    const inner = set.use(Inner, 'output');
    expect(set.convert()).toEqual({});
    expect(inner).toEqual({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    expect(outer).toEqual({ type: 'object', properties: { inner }, required: ['inner'] });
  });

  it('takes two schema objects with one id and the same content as one component, and refuses different ones', () => {
    const shape = { name: z.string() };
    const twins = new SchemaSet();
    const a = twins.use(z.object(shape).meta({ id: 'TestTwin' }), 'output');
    const b = twins.use(z.object({ again: z.object(shape).meta({ id: 'TestTwin' }) }), 'output');
    expect(Object.keys(twins.convert())).toEqual(['TestTwin']);
    expect(a).toEqual({ $ref: '#/components/schemas/TestTwin' });
    expect(b).toMatchObject({ properties: { again: { $ref: '#/components/schemas/TestTwin' } } });

    const clash = new SchemaSet();
    clash.use(z.object({ name: z.string() }).meta({ id: 'TestClash' }), 'output');
    clash.use(z.object({ name: z.number() }).meta({ id: 'TestClash' }), 'output');
    expect(() => clash.convert()).toThrow('two different schemas have the id TestClash');
  });

  it("converts requests as zod's input and responses as its output; a component that differs is documented twice", () => {
    const Settings = z.object({ size: z.enum(['s', 'm']).default('m'), note: z.unknown() }).meta({ id: 'TestSettings' });
    const set = new SchemaSet();
    const request = set.use(z.object({ settings: Settings }), 'input');
    const response = set.use(Settings, 'output');
    const components = set.convert();
    expect(components.TestSettings).toMatchObject({ required: ['size'] });
    // A missing `note` passes z.unknown() and stays missing, so it is never required.
    expect(components.TestSettingsInput).not.toHaveProperty('required');
    expect(components.TestSettingsInput).toMatchObject({ properties: { size: { default: 'm' } } });
    expect(request).toMatchObject({ properties: { settings: { $ref: '#/components/schemas/TestSettingsInput' } } });
    expect(response).toEqual({ $ref: '#/components/schemas/TestSettings' });
  });

  it('closes a validated top level, copying a component rather than changing it (and leaves it out when unused)', () => {
    const Body = z.object({ name: z.string(), dims: z.object({ w: z.number() }) }).meta({ id: 'TestBody', description: 'A body.' });
    const set = new SchemaSet();
    const body = set.use(Body, 'input', { closed: true });
    const loose = set.use(z.looseObject({ a: z.string() }), 'input', { closed: true });
    expect(set.convert()).toEqual({});
    expect(body).toMatchObject({ description: 'A body.', additionalProperties: false });
    // Only the top level: a nested object in strip mode stays open, as the chain validates it.
    expect((body.properties as Record<string, object>).dims).not.toHaveProperty('additionalProperties');
    expect(loose.additionalProperties).toEqual({});
  });

  it('keeps the nullable forms the document has always had', () => {
    const set = new SchemaSet();
    const json = set.use(
      z.object({
        text: z.string().max(5).nullable(),
        choice: z.enum(['a', 'b']).nullable(),
        anything: z.unknown().nullable(),
        either: z.union([z.uuid(), z.string().regex(/^X-\d+$/)]).nullable().meta({ description: 'A uuid or a code.' }),
        count: z.number().int(),
      }),
      'output',
    );
    set.convert();
    expect(json.properties).toEqual({
      text: { type: ['string', 'null'], maxLength: 5 },
      choice: { type: ['string', 'null'], enum: ['a', 'b', null] },
      anything: {},
      either: { description: 'A uuid or a code.', anyOf: [{ type: 'string', format: 'uuid' }, { type: 'string', pattern: '^X-\\d+$' }, { type: 'null' }] },
      // `.int()`'s safe-integer bounds are left out.
      count: { type: 'integer' },
    });
  });

  it('references a recursive schema by its id, and refuses one without an id', () => {
    const Node: z.ZodType = z.object({ name: z.string(), get children() { return z.array(Node); } }).meta({ id: 'TestNode' });
    const set = new SchemaSet();
    const root = set.use(Node, 'output');
    const components = set.convert();
    expect(root).toEqual({ $ref: '#/components/schemas/TestNode' });
    expect(components.TestNode).toMatchObject({ properties: { children: { type: 'array', items: { $ref: '#/components/schemas/TestNode' } } } });

    const Anonymous: z.ZodType = z.object({ get next() { return Anonymous.optional(); } });
    const anonymous = new SchemaSet();
    anonymous.use(Anonymous, 'output');
    expect(() => anonymous.convert()).toThrow('contains itself');
  });
});
