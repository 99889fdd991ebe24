/**
 * PostgreSQL's plan of a list query, flattened: what the plan tests look for
 * (a Sort, which index a scan reads, its Index Cond and Filter).
 */
import type pg from 'pg';
import type { ListQuery } from '../../lambdas/platform/lists/list-query.js';
import { pgExecutor } from '../../local/pg-executor.js';

export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Every node of the plan of `query` (as the list builder made it, with its named parameters). */
export async function planOf(pool: pg.Pool, query: Pick<ListQuery, 'sql' | 'params'>): Promise<PlanNode[]> {
  const { rows } = await pgExecutor(pool).query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
  return nodes(rows[0]!['QUERY PLAN'][0].Plan);
}
