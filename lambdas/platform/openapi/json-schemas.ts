/**
 * The document's JSON Schemas, converted by zod's own `toJSONSchema` from any
 * zod 4 schema (classic or `zod/mini`: only the core type is read). The
 * builder asks for a schema where the document needs one and gets an empty
 * slot; `convert()` then converts every schema asked for in one registry
 * conversion per direction, so schemas with a metadata `id` become
 * `components/schemas/<id>` referenced by `$ref`, and fills the slots.
 *
 * Requests are converted as zod's input (a field with a default is optional),
 * responses as its output (the default is always there).
 */
import { $ZodRegistry, globalRegistry, registry, safeParse, toJSONSchema } from 'zod/v4/core';
import type { $ZodType, JSONSchema } from 'zod/v4/core';

export type JsonSchema = JSONSchema.BaseSchema;
export type Io = 'input' | 'output';

export const COMPONENTS = '#/components/schemas/';
/** Registry ids of the schemas the builder asked for that are not components: inlined where used. */
const INLINE = '__inline';
/** Registry ids of a second schema object with a component's id, emitted only to compare. */
const TWIN = '__twin';

interface Use {
  schema: $ZodType;
  io: Io;
  slot: JsonSchema;
  /** Documented as validated: strict at the top level (see `closed`). */
  closed: boolean;
}

/** The zod def fields this file reads, present on every zod 4 schema of that type. */
interface Def {
  type: string;
  catchall?: $ZodType;
  shape?: Record<string, $ZodType>;
}
const defOf = (schema: $ZodType): Def => schema._zod.def as Def;

/** An object in zod's default strip mode: neither strict nor loose nor with a catchall. */
export const isStripObject = (schema: $ZodType): boolean => defOf(schema).type === 'object' && defOf(schema).catchall === undefined;

export class SchemaSet {
  private readonly uses: Use[] = [];
  private readonly finishers: (() => void)[] = [];
  private converted = false;

  /**
   * A slot for `schema` as the document shows it; filled by `convert()`.
   * `closed`: the HTTP chain validates it strictly at the top level (an
   * unknown field is an error), so a strip-mode object gets `additionalProperties: false`.
   */
  use(schema: $ZodType, io: Io, options: { closed?: boolean } = {}): JsonSchema {
    if (this.converted) throw new Error('SchemaSet: use() after convert()');
    const slot: JsonSchema = {};
    this.uses.push({ schema, io, slot, closed: options.closed === true && isStripObject(schema) });
    return slot;
  }

  /** Runs `finish` once the slots are filled (what depends on a converted schema). */
  afterConvert(finish: () => void): void {
    this.finishers.push(finish);
  }

  /** Fills every slot and returns the components the slots reference. */
  convert(): Record<string, JsonSchema> {
    if (this.converted) throw new Error('SchemaSet: convert() twice');
    this.converted = true;
    const output = convertAll(this.uses.filter((use) => use.io === 'output'), 'output');
    const input = convertAll(this.uses.filter((use) => use.io === 'input'), 'input');
    const components: Record<string, JsonSchema> = { ...output.components };
    // A component whose input differs from its output (a default, a transform) is
    // documented twice: requests reference `<id>Input`.
    const renamed = new Map<string, string>();
    for (const [id, schema] of Object.entries(input.components)) {
      const same = components[id] === undefined || JSON.stringify(components[id]) === JSON.stringify(schema);
      if (!same) renamed.set(id, `${id}Input`);
    }
    for (const [id, schema] of Object.entries(input.components)) {
      const name = renamed.get(id) ?? id;
      if (renamed.has(id) && components[name] !== undefined) throw new Error(`OpenAPI: the component ${name} exists; ${id}'s input form needs that name`);
      components[name] = renameRefs(schema, renamed);
    }
    for (const use of input.uses) Object.assign(use.slot, renameRefs(use.slot, renamed));
    for (const finish of this.finishers) finish();
    return referenced(components, this.uses.map((use) => use.slot));
  }
}

/**
 * The components the document references, directly or through another: a
 * named request body is written out closed where it is used (see `close`), so
 * its open component may be referenced nowhere.
 */
function referenced(components: Record<string, JsonSchema>, roots: readonly JsonSchema[]): Record<string, JsonSchema> {
  const kept: Record<string, JsonSchema> = {};
  const visit = (json: JsonSchema): void => {
    mapRefs(json, (ref) => {
      const id = refTarget(ref);
      if (!(id in kept)) {
        const component = components[id];
        if (!component) throw new Error(`OpenAPI: ${ref} names no component`);
        kept[id] = component;
        visit(component);
      }
      return { $ref: ref };
    });
  };
  roots.forEach(visit);
  return kept;
}

interface Converted {
  components: Record<string, JsonSchema>;
  uses: Use[];
}

/**
 * zod's metadata without the ids: zod refuses two schema objects with one id in
 * a conversion, and the app has such twins (a resource spread into another:
 * the same fields under the same `schemaName`). Ids are given to zod through
 * the registry being converted instead (see `idsFor`), where twins share one.
 */
class MetadataWithoutIds extends $ZodRegistry<Record<string, unknown>> {
  override get(schema: $ZodType): Record<string, unknown> | undefined {
    const meta = globalRegistry.get(schema);
    if (!meta || !('id' in meta)) return meta as Record<string, unknown> | undefined;
    const { id: _id, ...rest } = meta;
    return Object.keys(rest).length > 0 ? rest : undefined;
  }
}
const metadata = new MetadataWithoutIds();

const BASE = { target: 'draft-2020-12', metadata, cycles: 'ref', reused: 'inline', unrepresentable: 'throw' } as const;

/** Every schema with a metadata `id` that zod meets converting `roots`, grouped by id, in the order met. */
function namedSchemas(roots: readonly $ZodType[], io: Io): Map<string, $ZodType[]> {
  const ids = registry<{ id?: string }>();
  roots.forEach((root, n) => ids.add(root, { id: `${INLINE}${n}` }));
  const named = new Map<string, $ZodType[]>();
  toJSONSchema(ids, {
    ...BASE,
    io,
    override: ({ zodSchema }) => {
      const id = componentId(zodSchema);
      if (id === undefined) return;
      const twins = named.get(id) ?? [];
      if (!twins.includes(zodSchema)) named.set(id, [...twins, zodSchema]);
    },
  });
  return named;
}

/**
 * The registry to convert: every named schema under its id and every other
 * root under an inline id. A twin is registered under its id (so zod's `$ref`s
 * to it name the component) but emitted under a twin id, to check it converts
 * to the same component; `add` keeps the last schema per id for emission.
 */
function idsFor(roots: readonly $ZodType[], named: Map<string, $ZodType[]>) {
  const ids = registry<{ id?: string }>();
  const inlineIds = new Map<$ZodType, string>();
  const twins: { id: string; twin: string }[] = [];
  for (const [id, [first, ...others]] of named) {
    for (const other of others) {
      const twin = `${TWIN}${twins.length}`;
      twins.push({ id, twin });
      ids.add(other, { id: twin });
      ids.add(other, { id });
    }
    ids.add(first!, { id });
  }
  for (const root of roots) {
    if (ids.has(root) || inlineIds.has(root)) continue;
    const inline = `${INLINE}${inlineIds.size}`;
    inlineIds.set(root, inline);
    ids.add(root, { id: inline });
  }
  return { ids, inlineIds, twins };
}

/** One registry conversion of every schema used in one direction. */
function convertAll(uses: Use[], io: Io): Converted {
  const roots = [...new Set(uses.map((use) => use.schema))];
  const { ids, inlineIds, twins } = idsFor(roots, namedSchemas(roots, io));
  const formatPatterns = new Set<string>();
  const { schemas } = toJSONSchema(ids, {
    ...BASE,
    io,
    uri: (id) => `${COMPONENTS}${id}`,
    override: ({ zodSchema, jsonSchema }) => tidy(zodSchema, jsonSchema, io, formatPatterns),
  });
  if (schemas.__shared) throw new Error('OpenAPI: a schema without an `id` contains itself; give it one (`.meta({ id })`)');

  const bodies = new Map<string, JsonSchema>();
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...body } = schema as JsonSchema & { $id?: string };
    bodies.set(id, body);
  }
  // Schemas asked for without an `id` are written where they are used, also when another schema holds them.
  const inline = (json: JsonSchema, stack: readonly string[]): JsonSchema =>
    mapRefs(json, (ref) => {
      const id = refTarget(ref);
      if (!id.startsWith(INLINE)) return { $ref: `${COMPONENTS}${id}` };
      if (stack.includes(id)) throw new Error('OpenAPI: a schema without an `id` contains itself; give it one (`.meta({ id })`)');
      return inline(bodies.get(id)!, [...stack, id]);
    });
  const resolve = (json: JsonSchema, stack: readonly string[]): JsonSchema => simplifyUnions(withoutFormatPatterns(inline(json, stack), formatPatterns));

  const components: Record<string, JsonSchema> = {};
  for (const [id, body] of bodies) if (!id.startsWith(INLINE) && !id.startsWith(TWIN)) components[id] = resolve(body, []);
  for (const { id, twin } of twins) {
    if (JSON.stringify(resolve(bodies.get(twin)!, [])) !== JSON.stringify(components[id])) {
      throw new Error(`OpenAPI: two different schemas have the id ${id}; a component id names one schema`);
    }
  }
  for (const use of uses) {
    const id = inlineIds.get(use.schema);
    const json = id === undefined ? { $ref: `${COMPONENTS}${ids.get(use.schema)!.id!}` } : resolve(bodies.get(id)!, [id]);
    Object.assign(use.slot, use.closed ? close(json, components) : json);
  }
  return { components, uses };
}

/** The component id a schema's metadata gives it (`.meta({ id })`, `.register(z.globalRegistry, { id })`). */
function componentId(schema: $ZodType): string | undefined {
  // `get` leaves out an id a schema would inherit from the one it was cloned from: the id is its own.
  return (globalRegistry.get(schema) as { id?: string } | undefined)?.id;
}

/** A top-level object documented as validated: no other fields. A component is copied, not changed (its other uses are open). */
function close(json: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const body = typeof json.$ref === 'string' ? structuredClone(components[refTarget(json.$ref)]!) : json;
  return { ...body, additionalProperties: false };
}

/**
 * Where zod's JSON Schema says more than the document means to:
 * - output objects in strip mode: zod writes `additionalProperties: false` because parsing drops other
 *   keys, but the API does not send its responses through zod, and a client must accept a field added later;
 * - `.int()`: zod writes the safe-integer range as bounds, which every JSON number a client sends is within;
 * - a string format (`z.uuid()`, `z.url()`): zod writes its own regex beside `format`; the format is the
 *   contract (a `.regex()` of the schema's own stays);
 * - `z.record(z.string(), …)`: `propertyNames: { type: 'string' }`, which every JSON object's keys are;
 * - a key whose schema takes a missing value as is (`z.unknown()`): zod lists it as required, but
 *   parsing accepts an object without it and leaves it out, so a client may not rely on it.
 */
function tidy(zodSchema: $ZodType, json: JsonSchema, io: Io, formatPatterns: Set<string>): void {
  if (io === 'output' && isStripObject(zodSchema) && json.additionalProperties === false) delete json.additionalProperties;
  if (defOf(zodSchema).type === 'object' && Array.isArray(json.required)) {
    const shape = defOf(zodSchema).shape ?? {};
    const required = json.required.filter((key) => !shape[key] || !leavesUndefined(shape[key]));
    if (required.length > 0) json.required = required;
    else delete json.required;
  }
  // Recorded here, where the zod schema tells a format's regex from a `.regex()`; removed once the
  // schemas are assembled (a schema inheriting from another gets its keywords only then).
  if (typeof json.format === 'string' && typeof json.pattern === 'string' && !hasOwnRegex(zodSchema)) formatPatterns.add(json.pattern);
  if (JSON.stringify(json.propertyNames) === '{"type":"string"}') delete json.propertyNames;
  if (json.type === 'integer') {
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  }
}

/** A copy without the regex zod writes beside a `format` (see `tidy`); where zod writes no `format` (lax datetimes) it stays. */
function withoutFormatPatterns(json: JsonSchema, formatPatterns: ReadonlySet<string>): JsonSchema {
  return mapSchemas(json, (object) => {
    if (typeof object.format !== 'string' || typeof object.pattern !== 'string' || !formatPatterns.has(object.pattern)) return object;
    const { pattern: _pattern, ...rest } = object;
    return rest;
  });
}

/** Whether a missing key passes the schema and stays missing (`z.unknown()`, `z.any()`; a default fills it in). */
export function leavesUndefined(schema: $ZodType): boolean {
  try {
    const result = safeParse(schema, undefined);
    return result.success && result.data === undefined;
  } catch {
    // A refinement that reads its value, an async schema: it does not take a missing value as is.
    return false;
  }
}

/** A string format schema with a `.regex()` besides its format. */
function hasOwnRegex(schema: $ZodType): boolean {
  const def = schema._zod.def as { format?: string; checks?: readonly { _zod: { def: { format?: string } } }[] };
  return def.format === 'regex' || (def.checks ?? []).some((check) => check._zod.def.format === 'regex');
}

/** The component a `$ref` zod wrote (`#/components/schemas/<id>`) points at. */
function refTarget(ref: string): string {
  if (!ref.startsWith(COMPONENTS)) throw new Error(`OpenAPI: zod wrote an unexpected $ref ${ref}`);
  return ref.slice(COMPONENTS.length);
}

/** Keywords whose value is data (an instance), not a schema: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'example', 'examples']);
/** Keywords whose value maps names (a property called `default`, say) to schemas. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);

/** A copy of a schema with every subschema, innermost first, passed through `f`. */
function mapSchemas(json: JsonSchema, f: (schema: Record<string, unknown>) => Record<string, unknown>): JsonSchema {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  const schema = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(schema);
    if (!isObject(value)) return value;
    return f(
      Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          if (DATA_KEYWORDS.has(key)) return [key, item];
          if (NAMED_SCHEMAS.has(key) && isObject(item)) return [key, Object.fromEntries(Object.entries(item).map(([name, sub]) => [name, schema(sub)]))];
          return [key, schema(item)];
        }),
      ),
    );
  };
  return schema(json) as JsonSchema;
}

/** A copy of `json` with each `{ $ref }` replaced by what `replace` gives for it (the `$ref`'s siblings stay). */
function mapRefs(json: JsonSchema, replace: (ref: string) => JsonSchema): JsonSchema {
  return mapSchemas(json, (object) => {
    if (typeof object.$ref !== 'string') return object;
    const { $ref, ...rest } = object;
    return { ...replace($ref), ...rest };
  });
}

/** What may sit beside the `anyOf` of a nullable without changing what it validates. */
const isAnnotation = (key: string): boolean =>
  key.startsWith('x-') || ['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly'].includes(key);
const isNull = (schema: unknown): boolean => JSON.stringify(schema) === '{"type":"null"}';

/** Annotations of `schema` that `into` does not already have differently, or undefined when one would clash. */
function hoistable(schema: Record<string, unknown>, into: Record<string, unknown>): Record<string, unknown> | undefined {
  const { anyOf: _anyOf, ...rest } = schema;
  if (!Object.keys(rest).every(isAnnotation)) return undefined;
  const clash = Object.entries(rest).some(([key, value]) => key in into && JSON.stringify(into[key]) !== JSON.stringify(value));
  return clash ? undefined : rest;
}

/**
 * zod's unions, written the way the document has always shown them (each
 * rewrite validates exactly the same values, and generators and renderers
 * read the shorter form best):
 * - `.nullable()` of a union is an `anyOf` inside an `anyOf`: one `anyOf` of every option;
 * - `.nullable()` of one plain type, `anyOf: [<schema>, { type: 'null' }]`, is
 *   `type: [<type>, 'null']` with the type's own keywords (which constrain only
 *   values of that type) and `null` added to an `enum`; of `{}` (unknown) it is `{}`.
 * A `$ref`, `const` or combinator stays in `anyOf`.
 */
function simplifyUnions(json: JsonSchema): JsonSchema {
  return mapSchemas(json, (object) => {
    if (!Array.isArray(object.anyOf)) return object;
    let outer = object;
    const options: unknown[] = [];
    for (const option of object.anyOf as unknown[]) {
      const branch = option as Record<string, unknown>;
      const lifted = Array.isArray(branch.anyOf) ? hoistable(branch, outer) : undefined;
      if (lifted) {
        outer = { ...lifted, ...outer };
        options.push(...(branch.anyOf as unknown[]));
      } else {
        options.push(option);
      }
    }
    outer = { ...outer, anyOf: options };
    return compactNullable(outer);
  });
}

function compactNullable(object: Record<string, unknown>): Record<string, unknown> {
  const options = object.anyOf as unknown[];
  if (options.length !== 2 || !options.some(isNull)) return object;
  const other = options.find((option) => !isNull(option)) as Record<string, unknown> | undefined;
  const { anyOf: _anyOf, ...outer } = object;
  if (!other || !Object.keys(outer).every(isAnnotation)) return object;
  if (Object.keys(other).length === 0) return outer;
  if (typeof other.type !== 'string' || ['$ref', 'const', 'anyOf', 'oneOf', 'allOf', 'not'].some((key) => key in other)) return object;
  const enumValues = Array.isArray(other.enum) ? { enum: [...(other.enum as unknown[]), null] } : {};
  return { ...other, ...outer, type: [other.type, 'null'], ...enumValues };
}

function renameRefs(json: JsonSchema, renamed: ReadonlyMap<string, string>): JsonSchema {
  if (renamed.size === 0) return json;
  return mapRefs(json, (ref) => ({ $ref: `${COMPONENTS}${renamed.get(refTarget(ref)) ?? refTarget(ref)}` }));
}
