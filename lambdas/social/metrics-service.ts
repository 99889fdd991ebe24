/** Post analytics and account metrics on plain inputs; a missing parent is a 404. */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { NotFoundError } from '../platform/errors.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import { listDaily, upsertDaily, type DailyMetricsSpec } from './daily-metrics.js';

const what = (spec: DailyMetricsSpec) => (spec.parentColumn === 'post_id' ? 'social post' : 'social account');

export async function recordDay(spec: DailyMetricsSpec, parentRef: string, date: string, values: Record<string, unknown>): Promise<Row> {
  const row = await upsertDaily(getExecutor(), spec, parentRef, date, values);
  if (!row) throw new NotFoundError(`No ${what(spec)} ${parentRef}.`);
  return row;
}

export async function series(spec: DailyMetricsSpec, parentRef: string, query: QueryInput): Promise<Page<Row>> {
  const page = await listDaily(getExecutor(), spec, parentRef, query);
  if (!page) throw new NotFoundError(`No ${what(spec)} ${parentRef}.`);
  return page;
}
