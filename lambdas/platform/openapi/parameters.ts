/**
 * Parameters and headers from a zod object: one entry per key, its schema
 * converted with the rest of the document, `required` unless the key may be
 * left out, and the schema's description repeated on the entry, where
 * renderers show it.
 */
import type { $ZodObject, $ZodType } from 'zod/v4/core';
import { leavesUndefined, type Io, type SchemaSet } from './json-schemas.js';
import type { HeaderObject, ParameterLocation, ParameterObject } from './types.js';

function shapeOf(object: $ZodObject): Record<string, $ZodType> {
  const def = object._zod.def as { type: string; shape?: Record<string, $ZodType> };
  if (def.type !== 'object' || !def.shape) throw new Error(`OpenAPI: parameters and headers are a zod object, not ${def.type}`);
  return def.shape;
}

/** Whether the key may be missing: `.optional()` or a default (zod's own flags, as its objects' `required` reads them), or a schema a missing value passes. */
const optionalIn = (schema: $ZodType, io: Io): boolean =>
  (io === 'input' ? schema._zod.optin : schema._zod.optout) !== undefined || leavesUndefined(schema);

function entries(set: SchemaSet, object: $ZodObject, io: Io, location?: ParameterLocation): [string, HeaderObject][] {
  return Object.entries(shapeOf(object)).map(([name, schema]) => {
    const entry: HeaderObject = { schema: set.use(schema, io), required: location === 'path' || !optionalIn(schema, io) };
    // The description is the converted schema's, known once the set is converted; a `param`
    // in the metadata (`{ style, explode }`, as @asteasolutions/zod-to-openapi read it) belongs to the entry.
    set.afterConvert(() => {
      if (typeof entry.schema.description === 'string') entry.description = entry.schema.description;
      const { param } = entry.schema as { param?: Record<string, unknown> };
      if (param && typeof param === 'object') {
        delete (entry.schema as { param?: unknown }).param;
        Object.assign(entry, param);
      }
    });
    return [name, entry];
  });
}

export function parameters(set: SchemaSet, object: $ZodObject, location: ParameterLocation): ParameterObject[] {
  return entries(set, object, 'input', location).map(([name, entry]) => Object.assign(entry, { name, in: location }));
}

/** Response headers: what the API sends, so zod's output. */
export function headers(set: SchemaSet, object: $ZodObject): Record<string, HeaderObject> {
  return Object.fromEntries(entries(set, object, 'output'));
}
