/**
 * Every list the API offers, as the table it reads and the columns it lets a
 * client order by: the ColumnDeclarations the domains export, with the table,
 * tie breaker and (for lists always read within one parent) the scope column
 * the list's fixed condition pins. test/integration/list-order-indexes.test.ts
 * checks each orderable column has an index (col, id) or (scope, col, id).
 * A new list belongs here.
 */
import { contentResource, contentUsageResource, versionListColumns } from '../../lambdas/content/resources.js';
import { assetResource } from '../../lambdas/library/resources.js';
import { feedTokenResource } from '../../lambdas/planning/feed-tokens.js';
import { planningResources } from '../../lambdas/planning/resources.js';
import { scheduleListSpec } from '../../lambdas/planning/schedule.js';
import { referenceColumns, referenceTables } from '../../lambdas/reference/tables.js';
import type { ResourceSpec } from '../../lambdas/shared/crud/index.js';
import type { ColumnDeclarations } from '../../lambdas/shared/filters.js';
import { webResources } from '../../lambdas/web/resources.js';

export interface ListDeclaration {
  name: string;
  /** `schema.table` the list reads. */
  table: string;
  /** The tie breaker every order ends with. */
  idColumn: string;
  /** A column the list is always filtered on by equality (its parent), when there is one. */
  scope?: string;
  columns: ColumnDeclarations;
}

function ofResource(spec: ResourceSpec): ListDeclaration {
  return { name: spec.plural, table: spec.table, idColumn: 'id', ...(spec.parent ? { scope: spec.parent.column } : {}), columns: spec.columns };
}

/**
 * Lists over tables. The cross-calendar schedule (planning/schedule.ts) reads
 * a view, which cannot be indexed; see scheduleDeclaration.
 */
export function listDeclarations(): ListDeclaration[] {
  return [
    ofResource(contentResource),
    ofResource(contentUsageResource),
    { name: 'ContentVersions', table: 'marketing.content_versions', idColumn: 'id', scope: 'content_id', columns: versionListColumns },
    ofResource(assetResource),
    ofResource(feedTokenResource),
    ...planningResources.map(ofResource),
    ...webResources.map(ofResource),
    ...referenceTables.map((t) => ({ name: t.plural, table: t.table, idColumn: 'code', columns: referenceColumns })),
  ];
}

/**
 * The schedule: a view over marketing.calendar_items. Its orderable columns
 * other than scheduled_time are calendar items' own (checked there). The
 * view's scheduled_time is a text form of a time that has no index to use; it
 * only ever orders after scheduled_date within the date range a schedule asks
 * for (idx_calendar_items_scheduled_date_id).
 */
export const scheduleDeclaration = { view: scheduleListSpec.table, baseTable: 'marketing.calendar_items', unindexed: ['scheduled_time'], columns: scheduleListSpec.columns };
