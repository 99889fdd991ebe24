/**
 * Every list the API offers, as the table it reads and the columns it lets a
 * client order by: each list route's own `list` declaration (CRUD lists carry
 * theirs), with the tie breaker and, for lists always read within one parent,
 * the scope column. test/integration/list-order-indexes.test.ts checks each
 * orderable column has an index (col, id) or (scope, col, id).
 */
import { routes } from '../../lambdas/app.js';
import type { ListDeclaration } from '../../lambdas/platform/http/route.js';
import { scheduleListSpec } from '../../lambdas/planning/schedule.js';

export type { ListDeclaration };

/**
 * Lists over tables. The cross-calendar schedule (planning/schedule.ts) reads
 * a view, which cannot be indexed; see scheduleDeclaration.
 */
export function listDeclarations(): (ListDeclaration & { name: string })[] {
  return routes
    .filter((r) => r.list && r.list.table !== scheduleListSpec.table)
    .map((r) => ({ name: r.operationId, ...r.list! }));
}

/**
 * The schedule: a view over marketing.calendar_items, which PostgreSQL
 * inlines, so its orders read calendar items' indexes: those of its orderable
 * columns, scheduled_time included (schema/109).
 */
export const scheduleDeclaration = { view: scheduleListSpec.table, baseTable: 'marketing.calendar_items', idColumn: 'id', columns: scheduleListSpec.columns };
