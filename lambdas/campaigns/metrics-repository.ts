/**
 * Campaign metrics computed in SQL from the event log, in ONE statement:
 * events and distinct contacts per event type, distinct contacts overall,
 * and the rates marketers read. Rates count contacts, not events (a contact
 * who opens five times is one open), over the step before them:
 *
 *   delivery_rate    = delivered / sent        bounce_rate      = bounced / sent
 *   open_rate        = opened / delivered      click_rate       = clicked / delivered
 *   conversion_rate  = converted / delivered   unsubscribe_rate = unsubscribed / delivered
 *   complaint_rate   = complained / delivered
 *
 * rounded to 4 decimals, null when the step before has no contacts.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { rowVersionSql, VERSION_COLUMN, type Statement } from '../platform/crud/index.js';
import { campaignResource } from './resources.js';
import { EVENT_TYPES } from './schemas.js';

export const RATES = {
  delivery_rate: ['delivered', 'sent'],
  open_rate: ['opened', 'delivered'],
  click_rate: ['clicked', 'delivered'],
  conversion_rate: ['converted', 'delivered'],
  bounce_rate: ['bounced', 'sent'],
  unsubscribe_rate: ['unsubscribed', 'delivered'],
  complaint_rate: ['complained', 'delivered'],
} as const;

export interface Range {
  from?: string | undefined;
  to?: string | undefined;
}

/** SQL of a jsonb object with one key per event type, over rows (event_type, n, u) grouped by the caller. */
export const perType = (column: 'n' | 'u') =>
  `jsonb_build_object(${EVENT_TYPES.map((t) => `'${t}', coalesce(max(${column}) FILTER (WHERE event_type = '${t}'), 0)`).join(', ')})`;
const contactsOf = (t: string) => `coalesce(max(u) FILTER (WHERE event_type = '${t}'), 0)`;
/** SQL of the rates object over the same rows. */
export const rates = `jsonb_build_object(${Object.entries(RATES)
  .map(([name, [num, den]]) => `'${name}', round(${contactsOf(num)}::numeric / nullif(${contactsOf(den)}, 0), 4)`)
  .join(', ')})`;

/** CTEs `target` (the campaign) and `metrics` (one jsonb) over events in [from, to). */
function metricsCtes(where: Statement): string {
  return `target AS (SELECT t.id FROM marketing.campaigns t WHERE ${where.sql}),
ev AS (
  SELECT e.event_type, e.contact_id FROM marketing.campaign_events e, target
  WHERE e.campaign_id = target.id
    AND (CAST(:range_from AS timestamptz) IS NULL OR e.event_timestamp >= CAST(:range_from AS timestamptz))
    AND (CAST(:range_to AS timestamptz) IS NULL OR e.event_timestamp < CAST(:range_to AS timestamptz))
),
per_type AS (SELECT event_type, count(*)::int AS n, count(DISTINCT contact_id)::int AS u FROM ev GROUP BY event_type),
metrics AS (
  SELECT jsonb_build_object(
    'campaign_uuid', (SELECT id FROM target),
    'events', ${perType('n')},
    'contacts', ${perType('u')},
    'unique_contacts', (SELECT count(DISTINCT contact_id)::int FROM ev),
    'rates', ${rates}
  ) AS m
  FROM per_type
)`;
}

const rangeParams = (range: Range) => ({
  range_from: range.from ? sqlValue.timestamp(new Date(range.from)) : null,
  range_to: range.to ? sqlValue.timestamp(new Date(range.to)) : null,
});

/** The metrics of the campaign over the range; null when there is no such campaign. */
export async function readMetrics(executor: SqlExecutor, where: Statement, range: Range): Promise<Record<string, unknown> | null> {
  const sql = `WITH ${metricsCtes(where)}
SELECT EXISTS (SELECT 1 FROM target) AS _found, (SELECT m FROM metrics) AS metrics`;
  const { rows } = await executor.query(sql, { ...where.params, ...rangeParams(range) });
  return rows[0]?._found === true ? (rows[0].metrics as Record<string, unknown>) : null;
}

const RETURNING = `RETURNING ${campaignResource.select
  .split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, ${rowVersionSql('t')}`;

/**
 * Stores the all-time metrics in actual_metrics (merged over what is there,
 * so keys written by hand stay), with `refreshed_at`; returns the row.
 */
export async function refreshMetrics(executor: SqlExecutor, where: Statement): Promise<{ row: Row; version: string } | null> {
  const sql = `WITH ${metricsCtes(where)}
UPDATE marketing.campaigns AS t
SET actual_metrics = coalesce(t.actual_metrics, '{}'::jsonb) || (SELECT m - 'campaign_uuid' FROM metrics) || jsonb_build_object('refreshed_at', now())
FROM target
WHERE t.id = target.id
${RETURNING}`;
  const { rows } = await executor.query(sql, { ...where.params, ...rangeParams({}) });
  const raw = rows[0];
  if (!raw) return null;
  const { [VERSION_COLUMN]: version, ...row } = raw;
  return { row, version: String(version) };
}
