/**
 * A valid value for a JSON Schema, as small as the schema allows: required
 * properties only, the first enum member, the lower bound of a number, a
 * string that matches the pattern. uuid fields ask `uuidFor` (a real row the
 * field may point at); strings carry a fresh token so two synthesised bodies
 * differ wherever the schema lets them. The caller checks the result with the
 * route's own validator and adds optional properties when a cross-field rule
 * asks for them.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { resolve, typesOf, type JsonSchema, type OpenApiDocument } from './json-schema.js';

export interface SynthContext {
  doc: OpenApiDocument;
  /** A uuid for the property `name` (a parent row), or undefined for a fresh random one. */
  uuidFor(name: string): Promise<string | undefined>;
  /** Distinguishes this body's strings from another's. */
  token: string;
}

export function freshToken(): string {
  return randomUUID().replace(/-/g, '').slice(0, 10);
}

function fits(schema: JsonSchema, value: string): boolean {
  if (schema.minLength !== undefined && [...value].length < schema.minLength) return false;
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
  return true;
}

function stringCandidates(token: string): string[] {
  const digits = String(randomInt(1_000_000, 9_999_999));
  return [
    `Reliability ${token}`,
    `rel-${token}`,
    `rel_${token}`,
    `rel${token}`,
    `/rel-${token}`,
    `+1555${digits}`,
    `1555${digits}`,
    `#${token.slice(0, 6).replace(/[^0-9a-f]/g, '0')}`,
    'en',
    'US',
    'USD',
    'a',
    'x',
    '1',
    `ASSET-0${digits.slice(0, 5)}`,
  ];
}

function synthString(schema: JsonSchema, name: string, ctx: SynthContext): string | Promise<string> {
  switch (schema.format) {
    case 'uuid':
      return ctx.uuidFor(name).then((id) => id ?? randomUUID());
    case 'date-time':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'date':
      // A day in the next three years: a path's `{date}` names a new row more often than not.
      return new Date(Date.now() + randomInt(1, 1100) * 86_400_000).toISOString().slice(0, 10);
    case 'email':
      return `rel-${ctx.token}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/rel-${ctx.token}`;
    default:
      break;
  }
  const found = stringCandidates(ctx.token).find((candidate) => fits(schema, candidate));
  if (found) return found;
  const min = schema.minLength ?? 1;
  return 'r'.repeat(Math.max(min, 1)).slice(0, schema.maxLength ?? min);
}

function synthNumber(schema: JsonSchema, integer: boolean): number {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : schema.minimum;
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : schema.maximum;
  let value = 1;
  if (low !== undefined && value < low) value = low;
  if (high !== undefined && value > high) value = high;
  return integer ? Math.ceil(value) : value;
}

export async function synthesize(schema: JsonSchema | undefined, name: string, ctx: SynthContext, extra: readonly string[] = []): Promise<unknown> {
  const s = resolve(ctx.doc, schema);
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const concrete = alternatives.find((a) => !typesOf(resolve(ctx.doc, a)).every((t) => t === 'null')) ?? alternatives[0];
    return synthesize(concrete, name, ctx, extra);
  }
  const types = typesOf(s).filter((t) => t !== 'null');
  switch (types[0]) {
    case 'string':
      return synthString(s, name, ctx);
    case 'integer':
      return synthNumber(s, true);
    case 'number':
      return synthNumber(s, false);
    case 'boolean':
      return false;
    case 'array': {
      const count = s.minItems ?? 0;
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) items.push(await synthesize(s.items, name, { ...ctx, token: `${ctx.token}${i}` }));
      return items;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const wanted = new Set([...(s.required ?? []), ...extra]);
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (wanted.has(key)) out[key] = await synthesize(property, key, ctx);
      }
      return out;
    }
    default:
      return types.length === 0 && typesOf(s).includes('null') ? null : 'rel';
  }
}
