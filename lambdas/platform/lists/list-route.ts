/**
 * Glue between a list route and the list-query builder: the query schema a
 * list route declares (so OpenAPI documents its filters and unknown parameters
 * are refused) and the one-call read of a page.
 */
import { z } from 'zod';
import type { SqlExecutor } from '../db/executor.js';
import type { ColumnDeclarations } from './filters.js';
import { buildListQuery, toPage, type ListSpec, type Page, type QueryInput } from './list-query.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
import type { Row } from '../db/executor.js';

/**
 * `limit`, `cursor`, `order` and one optional string per filterable column.
 * Values are only strings here: their syntax (`in.(a,b)`, `gte.2025-01-01`) is
 * checked by the list-query builder, which reports the same field paths.
 */
export function listQuerySchema(columns: ColumnDeclarations) {
  const filters: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const [name, spec] of Object.entries(columns)) {
    if (spec.operators && spec.operators.length === 0) continue;
    filters[name] = z.string().optional().meta({ description: `Filter on ${name} (${spec.type}), e.g. eq.value` });
  }
  return z.object({
    // Checked here too (not only by the builder) so it is reported with unknown parameters in one response.
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .refine((v) => Number(v) >= 1 && Number(v) <= MAX_LIMIT, `must be between 1 and ${MAX_LIMIT}`)
      .optional()
      .meta({ description: `Page size, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}).` }),
    cursor: z.string().optional().meta({ description: 'The previous page\'s next_cursor, unchanged.' }),
    order: z.string().optional().meta({ description: 'column.asc or column.desc on orderable columns.' }),
    ...filters,
  });
}

/** A page response schema around an item schema. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Reads one page with one SQL statement (one Data API call). */
export async function readPage<R extends Row>(executor: SqlExecutor, spec: ListSpec, query: QueryInput): Promise<Page<R>> {
  const list = buildListQuery(spec, query);
  const { rows } = await executor.query<R>(list.sql, list.params);
  return toPage(rows, list);
}
