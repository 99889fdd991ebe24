/**
 * One declaration of a table's fields, from which a resource derives
 * everything else: the select list, the list's select list, the item and
 * summary schemas, the filterable/orderable columns and the create/update
 * bodies. Nothing about a column is listed twice.
 */
import * as z from 'zod/mini';
import type { ZodMiniType as ZodType } from 'zod/mini';
import { unknownFieldHints } from '../http/validation.js';
import { BUSINESS_ID, type ColumnType, type FilterOperator } from '../lists/filters.js';
import { withMeta } from '../schema-meta.js';

/**
 * How a request body may set the field:
 * - `required`: create must give it, PATCH may change it;
 * - `optional`: create and PATCH may give it (the column's default otherwise);
 * - `create`: only on create (fixed afterwards);
 * - `update`: only on PATCH;
 * - `none`: the server's (ids, timestamps, derived or trigger-kept columns).
 */
export type WriteMode = 'required' | 'optional' | 'create' | 'update' | 'none';

export interface FieldOptions {
  /** Default `optional` for writable-looking fields; read-only fields say `none`. */
  write?: WriteMode;
  /** The representation's schema when it differs from what a body sends (e.g. numeric in, exact string out). */
  read?: ZodType;
  /** Filterable as this column type; omitted: not filterable. */
  filter?: ColumnType;
  /** Operators, when not the type's defaults. */
  operators?: readonly FilterOperator[];
  /**
   * A uuid foreign key whose target has a business ID: filters and bodies take
   * either (see ColumnSpec.references and statements.ts references); the
   * representation stays the uuid.
   */
  references?: { table: string; businessIdColumn: string };
  /** May appear in `order=`: the table must have an index `(column, id)` (checked against the catalog by a test). */
  orderable?: boolean;
  /** `false`: left out of list rows (long text), so a page stays inside the Data API's 1 MiB response. */
  inList?: boolean;
  /** What a body that sets this server-kept field is told, e.g. which route changes it (`change it with POST …/status`). */
  hint?: string;
}

export interface Field {
  readonly schema: ZodType;
  readonly options: FieldOptions;
  /** A body-only input (e.g. a change summary for a trigger), not a column. */
  readonly inputOnly: boolean;
}

export function field(schema: ZodType, options: FieldOptions = {}): Field {
  return { schema, options, inputOnly: false };
}

/** Shorthand for the server's columns. */
export function readOnly(schema: ZodType, options: Omit<FieldOptions, 'write'> = {}): Field {
  return field(schema, { ...options, write: 'none' });
}

/** A body field that is not a column: the resource's hooks read it from the input. */
export function inputOnly(schema: ZodType): Field {
  return { schema, options: { write: 'optional' }, inputOnly: true };
}

export type Fields = Readonly<Record<string, Field>>;

const writeMode = (f: Field): WriteMode => f.options.write ?? 'optional';
const readSchema = (f: Field): ZodType => f.options.read ?? f.schema;

const businessIdSchema = z.string().check(z.regex(BUSINESS_ID, 'must be a uuid or a business ID such as CAL-010001'));

/**
 * What a body may send for a field: a reference takes the target's uuid or
 * its business ID (`anyOf` in the document, so a generated client accepts
 * both); anything else its own schema.
 */
function writeSchema(f: Field): ZodType {
  const ref = f.options.references;
  if (!ref) return f.schema;
  const own = (z.globalRegistry.get(f.schema) ?? {}) as { description?: string };
  const either = referenceSchema(ref, own.description);
  return f.schema.safeParse(null).success ? z.nullable(either) : either;
}

/** A body field naming a row of `ref.table` by its uuid or business ID (for bodies a resource does not derive). */
export function referenceSchema(ref: { table: string; businessIdColumn: string }, description?: string) {
  const noun = ref.table.split('.').pop()!;
  return withMeta(z.union([z.uuid(), businessIdSchema]), {
    description: `${description ? `${description} ` : ''}The uuid or the business ID (\`${ref.businessIdColumn}\`) of a row of ${noun}; read back as the uuid.`,
  });
}

export const columnNames = (fields: Fields): string[] => Object.keys(fields).filter((k) => !fields[k]!.inputOnly);
export const listColumnNames = (fields: Fields): string[] => columnNames(fields).filter((k) => fields[k]!.options.inList !== false);
export const inputOnlyNames = (fields: Fields): string[] => Object.keys(fields).filter((k) => fields[k]!.inputOnly);

export function itemSchema(fields: Fields, names: readonly string[]): z.ZodMiniObject {
  return z.object(Object.fromEntries(names.map((k) => [k, readSchema(fields[k]!)])));
}

/** Messages for the fields a body may not set (instead of "Unknown field"). */
function refusedFieldHints(fields: Fields, allowed: (mode: WriteMode) => boolean, because: (mode: WriteMode) => string): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const [k, f] of Object.entries(fields)) {
    const mode = writeMode(f);
    if (!allowed(mode)) hints[k] = f.options.hint ?? because(mode);
  }
  return hints;
}

export function createSchema(fields: Fields): z.ZodMiniObject {
  const shape: Record<string, ZodType> = {};
  for (const [k, f] of Object.entries(fields)) {
    const mode = writeMode(f);
    if (mode === 'required') shape[k] = writeSchema(f);
    else if (mode === 'optional' || mode === 'create') shape[k] = z.optional(writeSchema(f));
  }
  const hints = refusedFieldHints(fields, (m) => m !== 'none' && m !== 'update', (m) => (m === 'update' ? 'can be set by PATCH only, after creation' : 'is read-only: the server sets it'));
  return unknownFieldHints(z.object(shape), hints);
}

/** PATCH: every updatable field optional, and at least one column among them (or any field, with `inputOnlySuffices`). */
export function updateSchema(fields: Fields, { inputOnlySuffices = false } = {}) {
  const shape: Record<string, ZodType> = {};
  for (const [k, f] of Object.entries(fields)) {
    const mode = writeMode(f);
    if (mode === 'required' || mode === 'optional' || mode === 'update') shape[k] = z.optional(writeSchema(f));
  }
  const inputs = new Set(inputOnlyNames(fields));
  const hints = refusedFieldHints(fields, (m) => m !== 'none' && m !== 'create', (m) => (m === 'create' ? 'is fixed at creation and cannot be changed' : 'is read-only: the server sets it'));
  return unknownFieldHints(
    z.object(shape).check(z.refine((v) => Object.keys(v).some((k) => inputOnlySuffices || !inputs.has(k)), {
      message: 'Give at least one field to change.',
      // Only when the fields themselves are fine: an unknown field is reported as that alone.
      when: (payload) => payload.issues.length === 0,
    })),
    hints,
  );
}

/**
 * The values a field can hold when its representation is an enum (a CHECK
 * list in the table), so a filter outside them is a 422 rather than an empty page.
 */
export function enumValues(f: Field): readonly string[] | undefined {
  let schema: ZodType = readSchema(f);
  for (;;) {
    const def = schema._zod.def as { type: string; innerType?: ZodType; entries?: Record<string, string | number> };
    if ((def.type === 'nullable' || def.type === 'optional' || def.type === 'default') && def.innerType) schema = def.innerType;
    else if (def.type === 'enum' && def.entries) return Object.values(def.entries).map(String);
    else return undefined;
  }
}

/** Whether the representation may hold NULL (keyset order on a NOT NULL column is simpler). */
export function nullable(f: Field): boolean {
  return readSchema(f).safeParse(null).success;
}
