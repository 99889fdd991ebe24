/**
 * SQL of the daily KPIs: one upsert per day (platform) or per channel and day
 * (social), range reads and period totals, each ONE statement. The totals
 * are computed by PostgreSQL (date_trunc, sum, avg), never by summing rows in
 * the Lambda.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { KPI_METRICS, SOCIAL_FLOWS, SOCIAL_METRICS } from './schemas.js';

const UUID_SQL = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

const KPI_COLUMNS = [...KPI_METRICS, 'currency', 'notes'];
const KPI_SELECT = `k.id, k.kpi_date, ${KPI_COLUMNS.map((c) => `k.${c}`).join(', ')}, k.created_at, k.updated_at`;
const SOCIAL_SELECT = `k.id, k.channel_id, ch.code AS channel_code, k.kpi_date, ${SOCIAL_METRICS.map((c) => `k.${c}`).join(', ')}, k.engagement_rate, k.created_at, k.updated_at`;

/** The channel named by `ref` (a code or a uuid), as a CTE body. */
function channelCte(ref: string): string {
  return `SELECT ch.id, ch.code FROM public.mkt_channels ch
  WHERE ch.id = CASE WHEN ${ref} ~ ${UUID_SQL} THEN CAST(${ref} AS uuid) END OR ch.code = ${ref}`;
}

export interface Upserted {
  row: Row;
  created: boolean;
}

/**
 * Sets a day's figures. A repeat with the same figures writes nothing (not
 * even updated_at): the conflict branch updates only when something differs,
 * and the unchanged row is then read from the statement's snapshot.
 */
export async function upsertKpiDay(executor: SqlExecutor, kpiDate: string, values: Record<string, unknown>): Promise<Upserted> {
  const cols = KPI_COLUMNS.join(', ');
  const sql = `WITH r AS (SELECT * FROM jsonb_populate_record(NULL::public.mkt_kpis, CAST(:body AS jsonb))),
written AS (
  INSERT INTO public.mkt_kpis AS k (kpi_date, ${cols})
  SELECT CAST(:kpi_date AS date), ${KPI_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM r
  ON CONFLICT (kpi_date) DO UPDATE SET (${cols}) = (${KPI_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})
  WHERE (${KPI_COLUMNS.map((c) => `k.${c}`).join(', ')}) IS DISTINCT FROM (${KPI_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING ${KPI_SELECT}, (k.xmax = 0) AS _created
)
SELECT * FROM written
UNION ALL
SELECT ${KPI_SELECT}, false FROM public.mkt_kpis k WHERE k.kpi_date = CAST(:kpi_date AS date) AND NOT EXISTS (SELECT 1 FROM written)`;
  const rows = await upsertOnce(executor, sql, { kpi_date: sqlValue.date(kpiDate), body: sqlValue.json(values) });
  if (!rows[0]) throw new Error(`mkt_kpis ${kpiDate}: no row after the upsert and its re-read`);
  const { _created, ...row } = rows[0];
  return { row, created: _created === true };
}

/**
 * Runs an upsert that changes nothing when the values are equal. If a concurrent
 * request inserted the row after this statement's snapshot was taken, ON CONFLICT
 * sees it (nothing to change) but the statement's own SELECT cannot, so it returns
 * no row: run it once more, in a fresh snapshot that sees the committed row.
 * Safe because the upsert is idempotent; it costs a second call only in that race.
 */
async function upsertOnce(executor: SqlExecutor, sql: string, params: Parameters<SqlExecutor['query']>[1]): Promise<Row[]> {
  const first = await executor.query(sql, params);
  if (first.rows.length > 0) return first.rows;
  return (await executor.query(sql, params)).rows;
}

/** As upsertKpiDay, for one channel; null when the channel does not exist. */
export async function upsertSocialKpiDay(
  executor: SqlExecutor,
  channel: string,
  kpiDate: string,
  values: Record<string, unknown>,
): Promise<Upserted | null> {
  const cols = SOCIAL_METRICS.join(', ');
  const sql = `WITH ch AS (${channelCte('CAST(:channel AS text)')}),
r AS (SELECT * FROM jsonb_populate_record(NULL::public.mkt_social_kpis, CAST(:body AS jsonb))),
written AS (
  INSERT INTO public.mkt_social_kpis AS k (channel_id, kpi_date, ${cols})
  SELECT ch.id, CAST(:kpi_date AS date), ${SOCIAL_METRICS.map((c) => `r.${c}`).join(', ')} FROM r, ch
  ON CONFLICT (channel_id, kpi_date) DO UPDATE SET (${cols}) = (${SOCIAL_METRICS.map((c) => `EXCLUDED.${c}`).join(', ')})
  WHERE (${SOCIAL_METRICS.map((c) => `k.${c}`).join(', ')}) IS DISTINCT FROM (${SOCIAL_METRICS.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING k.*, (k.xmax = 0) AS _created
)
SELECT ${SOCIAL_SELECT}, k._created FROM written k JOIN ch ON true
UNION ALL
SELECT ${SOCIAL_SELECT}, false FROM public.mkt_social_kpis k JOIN ch ON ch.id = k.channel_id
WHERE k.kpi_date = CAST(:kpi_date AS date) AND NOT EXISTS (SELECT 1 FROM written)`;
  // No row twice: the channel does not exist (once: possibly the race upsertOnce describes).
  const rows = await upsertOnce(executor, sql, { channel, kpi_date: sqlValue.date(kpiDate), body: sqlValue.json(values) });
  if (!rows[0]) return null;
  const { _created, ...row } = rows[0];
  return { row, created: _created === true };
}

export interface Range {
  from: string;
  to: string;
}

export async function kpiDays(executor: SqlExecutor, range: Range): Promise<Row[]> {
  const sql = `SELECT ${KPI_SELECT} FROM public.mkt_kpis k
WHERE k.kpi_date BETWEEN CAST(:from AS date) AND CAST(:to AS date) ORDER BY k.kpi_date`;
  return (await executor.query(sql, { from: sqlValue.date(range.from), to: sqlValue.date(range.to) })).rows;
}

/** Every channel's days in the range (or one channel's); null when the named channel does not exist. */
export async function socialKpiDays(executor: SqlExecutor, range: Range, channel: string | undefined): Promise<Row[] | null> {
  const sql = `WITH ch AS (${channel === undefined ? 'SELECT ch.id, ch.code FROM public.mkt_channels ch' : channelCte('CAST(:channel AS text)')})
SELECT EXISTS (SELECT 1 FROM ch) AS _channel_found, page.*
FROM (SELECT 1) one LEFT JOIN (
  SELECT ${SOCIAL_SELECT} FROM public.mkt_social_kpis k JOIN ch ON ch.id = k.channel_id
  WHERE k.kpi_date BETWEEN CAST(:from AS date) AND CAST(:to AS date)
) page ON true
ORDER BY page.kpi_date, page.channel_code`;
  const { rows } = await executor.query(sql, {
    from: sqlValue.date(range.from),
    to: sqlValue.date(range.to),
    ...(channel === undefined ? {} : { channel }),
  });
  if (rows[0]?._channel_found !== true) return null;
  return rows.filter((r) => r.id !== null).map(({ _channel_found: _c, ...r }) => r);
}

const sumAvg = (m: string) => `jsonb_build_object('sum', CAST(sum(k.${m}) AS text), 'avg', CAST(round(avg(k.${m}), 2) AS text)) AS ${m}`;
/** Monday of the ISO week or the first of the month; `period` is one of a fixed list, sent as a parameter anyway. */
const PERIOD_START = `CAST(date_trunc(CAST(:period AS text), CAST(k.kpi_date AS timestamp)) AS date)`;

export async function kpiTotals(executor: SqlExecutor, range: Range, period: string): Promise<Row[]> {
  const sql = `SELECT ${PERIOD_START} AS period_start, CAST(count(*) AS integer) AS days, ${KPI_METRICS.map(sumAvg).join(', ')}
FROM public.mkt_kpis k
WHERE k.kpi_date BETWEEN CAST(:from AS date) AND CAST(:to AS date)
GROUP BY 1 ORDER BY 1`;
  return (await executor.query(sql, { from: sqlValue.date(range.from), to: sqlValue.date(range.to), period })).rows;
}

export async function socialKpiTotals(executor: SqlExecutor, range: Range, period: string, channel: string | undefined): Promise<Row[] | null> {
  const sql = `WITH ch AS (${channel === undefined ? 'SELECT ch.id, ch.code FROM public.mkt_channels ch' : channelCte('CAST(:channel AS text)')})
SELECT EXISTS (SELECT 1 FROM ch) AS _channel_found, totals.*
FROM (SELECT 1) one LEFT JOIN (
  SELECT k.channel_id, ch.code AS channel_code, ${PERIOD_START} AS period_start, CAST(count(*) AS integer) AS days,
         (array_agg(k.followers ORDER BY k.kpi_date DESC))[1] AS followers_last,
         ${SOCIAL_FLOWS.map(sumAvg).join(', ')},
         CASE WHEN sum(k.impressions) > 0 THEN CAST(round(sum(k.engagements)::numeric / sum(k.impressions), 4) AS text) END AS engagement_rate
  FROM public.mkt_social_kpis k JOIN ch ON ch.id = k.channel_id
  WHERE k.kpi_date BETWEEN CAST(:from AS date) AND CAST(:to AS date)
  GROUP BY k.channel_id, ch.code, 3
) totals ON true
ORDER BY totals.period_start, totals.channel_code`;
  const { rows } = await executor.query(sql, {
    from: sqlValue.date(range.from),
    to: sqlValue.date(range.to),
    period,
    ...(channel === undefined ? {} : { channel }),
  });
  if (rows[0]?._channel_found !== true) return null;
  return rows.filter((r) => r.channel_id !== null).map(({ _channel_found: _c, ...r }) => r);
}
