/**
 * The NDP module's own SQL: a category by code, and the topic list with its
 * category and segment filters. Each is ONE statement.
 */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import { readPage } from '../platform/lists/list-route.js';
import { sqlValue } from '../platform/db/values.js';
import { topicResource } from './resources.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `alias.id = :param` for a uuid, `alias.code = :param` for a code. */
function byCode(alias: string, param: string, value: string): { sql: string; params: Record<string, SqlValue> } {
  return UUID.test(value)
    ? { sql: `${alias}.id = :${param}`, params: { [param]: sqlValue.uuid(value) } }
    : { sql: `${alias}.code = :${param}`, params: { [param]: value } };
}

export async function getCategory(executor: SqlExecutor, select: string, code: string): Promise<Row | undefined> {
  const where = byCode('c', 'code', code);
  const { rows } = await executor.query(`SELECT ${select} FROM public.mkt_ndp_categories c WHERE ${where.sql}`, where.params);
  return rows[0];
}

export interface TopicFilters {
  category?: string | undefined;
  segment?: string | undefined;
}

/** A keyset page of topics; category and segment narrow it in the same statement (an unknown one matches nothing). */
export function listTopics(executor: SqlExecutor, filters: TopicFilters, query: QueryInput): Promise<Page<Row>> {
  const conditions: string[] = [];
  const params: Record<string, SqlValue> = {};
  if (filters.category !== undefined) {
    const c = byCode('c', 'category_ref', filters.category);
    conditions.push(`category_id IN (SELECT c.id FROM public.mkt_ndp_categories c WHERE ${c.sql})`);
    Object.assign(params, c.params);
  }
  if (filters.segment !== undefined) {
    const s = byCode('s', 'segment_ref', filters.segment);
    conditions.push(`id IN (SELECT ts.ndp_topic_id FROM public.mkt_ndp_topic_segments ts JOIN public.mkt_segments s ON s.id = ts.segment_id WHERE ${s.sql})`);
    Object.assign(params, s.params);
  }
  return readPage(
    executor,
    {
      table: topicResource.table,
      select: topicResource.listSelect,
      columns: topicResource.columns,
      defaultOrder: topicResource.defaultOrder,
      passThrough: ['category', 'segment'],
      ...(conditions.length > 0 ? { where: { sql: conditions.join(' AND '), params } } : {}),
    },
    query,
  );
}
