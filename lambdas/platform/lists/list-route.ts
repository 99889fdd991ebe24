/**
 * Glue between a list route and the list-query builder: the query schema a
 * list route declares (so OpenAPI documents its filters and unknown parameters
 * are refused) and the one-call read of a page.
 */
import * as z from 'zod/mini';
import type { SqlExecutor } from '../db/executor.js';
import { unknownFieldHints } from '../http/validation.js';
import { DEFAULT_OPERATORS, MAX_CONDITIONS, MAX_ORDER_COLUMNS, MAX_VALUE_LENGTH, type ColumnDeclarations, type ColumnSpec, type FilterOperator } from './filters.js';
import { buildListQuery, toPage, type ListSpec, type Page, type QueryInput } from './list-query.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
import type { Row } from '../db/executor.js';
import { withMeta } from '../schema-meta.js';

/** What each operator means, with an operand of the column's type, for the parameter's description. */
const SAMPLE: Readonly<Record<ColumnSpec['type'], string>> = {
  text: 'value',
  uuid: '0190a6e8-7a9b-7c3d-8e4f-5a6b7c8d9e0f',
  integer: '10',
  bigint: '10',
  numeric: '9.5',
  boolean: 'true',
  date: '2026-01-31',
  time: '18:30',
  timestamptz: '2026-01-31T10:00:00Z',
  'text[]': 'summer',
};

function operatorHelp(op: FilterOperator, sample: string): string {
  switch (op) {
    case 'eq': return `\`eq.${sample}\` equals`;
    case 'neq': return `\`neq.${sample}\` differs`;
    case 'gt': return `\`gt.${sample}\` greater`;
    case 'gte': return `\`gte.${sample}\` greater or equal`;
    case 'lt': return `\`lt.${sample}\` less`;
    case 'lte': return `\`lte.${sample}\` less or equal`;
    case 'like': return '`like.*word*` matches (`*` is the wildcard)';
    case 'ilike': return '`ilike.*word*` matches ignoring case';
    case 'in': return `\`in.(${sample},other)\` is one of`;
    case 'is': return '`is.null`';
    case 'cs': return `\`cs.{${sample},sea}\` contains all`;
    case 'cd': return `\`cd.{${sample},sea}\` is contained in`;
    case 'ov': return `\`ov.{${sample},sea}\` shares any`;
  }
}

/** The filter parameter of one column: repeatable (`explode`), each value `[not.]operator.operand`. */
function filterParameter(name: string, spec: ColumnSpec, operators: readonly FilterOperator[]) {
  const sample = spec.values?.[0] ?? SAMPLE[spec.type];
  const allowed =
    (spec.values ? ` Values: ${spec.values.map((v) => `\`${v}\``).join(', ')}.` : '') +
    (spec.references ? ' An operand may be the uuid or the business ID of the row it refers to.' : '');
  const description =
    `Filter on \`${name}\` (${spec.type}): ${operators.map((op) => operatorHelp(op, sample)).join('; ')}.${allowed} ` +
    'Prefix `not.` to negate; repeat the parameter to AND conditions (e.g. a range).';
  // API Gateway joins a repeated parameter's values with commas, so the chain sees one string;
  // the list builder reads each value from the raw query string.
  const value = withMeta(z.string().check(z.maxLength(MAX_VALUE_LENGTH)), { pattern: `^(?:not\\.)?(?:${operators.join('|')})\\.` });
  return withMeta(z.optional(z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? [v] : v)),
    z.array(value).check(z.minLength(1), z.maxLength(MAX_CONDITIONS)),
  )), { description, param: { style: 'form', explode: true } });
}

/** `order`: one of `column.asc|desc` (the enum), or up to MAX_ORDER_COLUMNS of them comma-separated. */
function orderParameter(columns: ColumnDeclarations) {
  const orderable = Object.keys(columns).filter((c) => columns[c]?.orderable);
  const keys = orderable.flatMap((c) => [`${c}.asc`, `${c}.desc`]);
  const key = `(?:${orderable.join('|')})(?:\\.(?:asc|desc))?`;
  return withMeta(z.optional(z.string()), {
      description: `Sort order: \`column.asc\` or \`column.desc\` on ${orderable.map((c) => `\`${c}\``).join(', ')}; up to ${MAX_ORDER_COLUMNS} keys, comma-separated. The id breaks ties.`,
      ...(orderable.length > 0 ? { anyOf: [{ type: 'string', enum: keys }, { type: 'string', pattern: `^${key}(?:,${key}){0,${MAX_ORDER_COLUMNS - 1}}$` }] } : {}),
    });
}

/**
 * `limit`, `cursor`, `order` and one optional repeatable filter per filterable
 * column. Operands are checked by the list-query builder, which reports the
 * same field paths; here only their shape is declared.
 */
export function listQuerySchema(columns: ColumnDeclarations, fields: readonly string[] = []) {
  const filters: Record<string, ReturnType<typeof filterParameter>> = {};
  for (const [name, spec] of Object.entries(columns)) {
    const operators = spec.operators ?? DEFAULT_OPERATORS[spec.type];
    if (operators.length === 0) continue;
    filters[name] = filterParameter(name, spec, operators);
  }
  const filterable = Object.keys(filters);
  // A field of the list's rows that is not a filter is a question the list cannot answer: say which it can.
  const hints = Object.fromEntries(
    fields.filter((f) => !Object.hasOwn(filters, f)).map((f) => [f, `is not filterable; filter on one of: ${filterable.join(', ')}`]),
  );
  const schema = z.object({
    // Checked here too (not only by the builder) so it is reported with unknown parameters in one response.
    limit: withMeta(z.optional(z.pipe(
        z.transform((v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v)),
        z.number({ error: `must be a whole number from 1 to ${MAX_LIMIT}` }).check(z.int(), z.minimum(1, `must be a whole number from 1 to ${MAX_LIMIT}`), z.maximum(MAX_LIMIT, `must be a whole number from 1 to ${MAX_LIMIT}`)),
      )), { description: `Page size, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}).` }),
    cursor: withMeta(z.optional(z.string()), { description: 'The previous page\'s next_cursor, unchanged, with the same order and filters.' }),
    order: orderParameter(columns),
    ...filters,
  });
  return unknownFieldHints(schema, hints);
}

/** A page response schema around an item schema. */
export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.nullable(z.string()) });
}

/** Reads one page with one SQL statement (one Data API call). */
export async function readPage<R extends Row>(executor: SqlExecutor, spec: ListSpec, query: QueryInput): Promise<Page<R>> {
  const list = buildListQuery(spec, query);
  const { rows } = await executor.query<R>(list.sql, list.params);
  return toPage(rows, list);
}
