/**
 * Daily metric rows (post analytics, account metrics): one row per parent and
 * date, written by an idempotent upsert (the same PUT twice leaves the same
 * row) and read as a time series. `engagement_rate` is engagement / reach
 * (4 decimals, numeric(5,4)) when not given, NULL without reach. Each call is
 * ONE statement that also says whether the parent exists.
 */
import { idCondition, type Statement } from '../platform/crud/index.js';
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { columnSql, type ColumnDeclarations } from '../platform/lists/filters.js';
import { buildListQuery, toPage, type Page, type QueryInput } from '../platform/lists/list-query.js';

export interface DailyMetricsSpec {
  table: string;
  /** This table's column naming the parent. */
  parentColumn: string;
  parentTable: string;
  parentBusinessIdColumn: string;
  /** Integer metric columns. */
  metrics: readonly string[];
  /** How the computed engagement rate is derived when the body has none (SQL over the written row `r`), or null. */
  engagementRateSql: string | null;
}

export const seriesColumns: ColumnDeclarations = { metric_date: { type: 'date', orderable: true, nullable: false } };

function parentWhere(spec: DailyMetricsSpec, raw: string): Statement | null {
  return idCondition(raw, 'p', 'parent_ref', spec.parentBusinessIdColumn);
}

function selectList(spec: DailyMetricsSpec, alias: string): string {
  return ['id', spec.parentColumn, 'metric_date', ...spec.metrics, 'engagement_rate', 'created_at'].map((c) => `${alias}.${c}`).join(', ');
}

/** Inserts or replaces the row of (parent, date); null when the parent does not exist. */
export async function upsertDaily(db: SqlExecutor, spec: DailyMetricsSpec, parentRef: string, date: string, values: Record<string, unknown>): Promise<Row | null> {
  const where = parentWhere(spec, parentRef);
  if (!where) return null;
  const columns = [...spec.metrics, 'engagement_rate'];
  const rate = spec.engagementRateSql ? `coalesce(r.engagement_rate, ${spec.engagementRateSql})` : 'r.engagement_rate';
  const sql = `WITH parent AS (SELECT p.id FROM ${spec.parentTable} p WHERE ${where.sql}),
r AS (SELECT * FROM jsonb_populate_record(NULL::${spec.table}, CAST(:body AS jsonb))),
written AS (
  INSERT INTO ${spec.table} AS t (${spec.parentColumn}, metric_date, ${columns.join(', ')})
  SELECT parent.id, CAST(:metric_date AS date), ${spec.metrics.map((m) => `coalesce(r.${m}, 0)`).join(', ')}, ${rate}
    FROM parent, r
  ON CONFLICT (${spec.parentColumn}, metric_date) DO UPDATE
     SET (${columns.join(', ')}) = (${columns.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING ${selectList(spec, 't')})
SELECT EXISTS (SELECT 1 FROM parent) AS _found, written.* FROM (SELECT 1) one LEFT JOIN written ON true`;
  const { rows } = await db.query(sql, { ...where.params, body: sqlValue.json(values), metric_date: sqlValue.date(date) });
  const { _found, ...row } = rows[0] ?? {};
  return _found === true ? row : null;
}

/** One page of a parent's series, oldest first by default; null when the parent does not exist. */
export async function listDaily(db: SqlExecutor, spec: DailyMetricsSpec, parentRef: string, query: QueryInput): Promise<Page<Row> | null> {
  const where = parentWhere(spec, parentRef);
  if (!where) return null;
  // UNIQUE (parent, metric_date) serves this keyset: metric_date is unique within the parent.
  const list = buildListQuery(
    {
      table: spec.table,
      select: ['id', spec.parentColumn, 'metric_date', ...spec.metrics, 'engagement_rate', 'created_at'].join(', '),
      columns: seriesColumns,
      idColumn: 'metric_date',
      defaultOrder: 'metric_date.asc',
      where: { sql: `${spec.parentColumn} = (SELECT id FROM parent)` },
    },
    query,
  );
  const outerOrder = list.order.map((k) => `page.${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
  const sql = `WITH parent AS (SELECT p.id FROM ${spec.parentTable} p WHERE ${where.sql})
SELECT EXISTS (SELECT 1 FROM parent) AS _parent_found, page.*
FROM (SELECT 1) one LEFT JOIN (${list.sql}) page ON true
ORDER BY ${outerOrder}`;
  const { rows } = await db.query(sql, { ...list.params, ...where.params });
  if (rows[0]?._parent_found !== true) return null;
  return toPage(
    rows.filter((r) => r.id !== null).map(({ _parent_found: _p, ...r }) => r),
    list,
  );
}

export const postAnalytics: DailyMetricsSpec = {
  table: 'marketing.social_analytics',
  parentColumn: 'post_id',
  parentTable: 'marketing.social_posts',
  parentBusinessIdColumn: 'social_post_id',
  metrics: ['impressions', 'reach', 'engagement', 'likes', 'comments', 'shares', 'saves', 'clicks', 'video_views', 'watch_time_seconds'],
  engagementRateSql: 'round(coalesce(r.engagement, 0)::numeric / nullif(r.reach, 0), 4)',
};

export const accountMetrics: DailyMetricsSpec = {
  table: 'marketing.social_account_metrics',
  parentColumn: 'account_id',
  parentTable: 'marketing.social_accounts',
  parentBusinessIdColumn: 'social_account_id',
  metrics: ['follower_count', 'follower_change', 'following_count', 'post_count', 'impressions', 'reach', 'profile_views', 'website_clicks'],
  // Account metrics carry no engagement count to divide: the rate is what the platform reports.
  engagementRateSql: null,
};
