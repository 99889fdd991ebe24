/**
 * Computed attribution in ONE statement: the reservation's contact's
 * engagement events (opened, clicked, converted) in the lookback window before
 * the booking are the touches; each model's weights are computed with window
 * functions, and the reservation's row of each of those models is replaced:
 * an upsert on (reservation_id, attribution_model) (schema/112), so
 * recomputing leaves the same rows, and two computes of one reservation at
 * once leave one row per model (the later waits for the earlier's row, then
 * overwrites it). A reservation without a contact changes nothing.
 *
 * Weights of n touches in time order (k = 1 … n):
 *   first_touch     1 for k = 1           last_touch  1 for k = n
 *   linear          1/n
 *   position_based  40/20/40: 0.4 to the first and the last, 0.2 shared by the
 *                   ones between (n = 1: 1; n = 2: 0.5 each)
 *   time_decay      2^(−age/7 days) normalised to sum 1 (age: booking − touch)
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { attributionResource } from './resources.js';

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
export const TOUCH_EVENT_TYPES = ['opened', 'clicked', 'converted'] as const;
export const HALF_LIFE_DAYS = 7;

export interface ComputeInput {
  reservationId: string;
  models: readonly AttributionModel[];
  lookbackDays: number;
  /** Revenue to attribute; default the reservation's total_amount. */
  revenue?: string | undefined;
}

export interface ComputeOutcome {
  found: boolean;
  hasContact: boolean;
  rows: Row[];
}

const RETURNING = attributionResource.select
  .split(',')
  .map((c) => `a.${c.trim()}`)
  .join(', ');

export async function computeAttribution(executor: SqlExecutor, input: ComputeInput): Promise<ComputeOutcome> {
  const sql = `WITH res AS (
  SELECT r.id, r.contact_id, r.created_at AS booked_at, coalesce(CAST(:revenue AS numeric), r.total_amount) AS revenue
  FROM reservations.reservations r WHERE r.id = :reservation_id
),
models AS (SELECT m.model FROM unnest(CAST(:models AS text[])) AS m(model)),
touches AS (
  SELECT e.id AS event_id, e.campaign_id, c.campaign_id AS campaign_ref, c.campaign_name,
         coalesce(e.channel, c.campaign_type) AS channel, e.event_type, e.event_timestamp AS at,
         row_number() OVER (ORDER BY e.event_timestamp, e.id) AS k, count(*) OVER () AS n,
         power(0.5, extract(epoch FROM (res.booked_at - e.event_timestamp)) / ${HALF_LIFE_DAYS * 86400}.0) AS decay
  FROM res
  JOIN marketing.campaign_events e ON e.contact_id = res.contact_id
  JOIN marketing.campaigns c ON c.id = e.campaign_id
  WHERE e.event_type = ANY(CAST(:touch_types AS text[]))
    AND e.event_timestamp < res.booked_at
    AND e.event_timestamp >= res.booked_at - make_interval(days => CAST(:lookback AS integer))
),
weighted AS (
  SELECT t.*, m.model,
         CAST(CASE m.model
           WHEN 'first_touch' THEN CASE WHEN t.k = 1 THEN 1 ELSE 0 END
           WHEN 'last_touch' THEN CASE WHEN t.k = t.n THEN 1 ELSE 0 END
           WHEN 'linear' THEN 1.0 / t.n
           WHEN 'position_based' THEN CASE WHEN t.n = 1 THEN 1 WHEN t.n = 2 THEN 0.5 WHEN t.k = 1 OR t.k = t.n THEN 0.4 ELSE 0.2 / (t.n - 2) END
           WHEN 'time_decay' THEN t.decay / sum(t.decay) OVER (PARTITION BY m.model)
         END AS double precision) AS weight
  FROM touches t CROSS JOIN models m
),
inserted AS (
  INSERT INTO marketing.attribution AS a (
    reservation_id, first_touch_campaign_id, first_touch_channel, first_touch_source, first_touch_date,
    last_touch_campaign_id, last_touch_channel, last_touch_source, last_touch_date,
    touchpoints, attribution_model, revenue_attributed)
  SELECT res.id, f.campaign_id, f.channel, f.campaign_name, f.at, l.campaign_id, l.channel, l.campaign_name, l.at,
         coalesce((
           SELECT jsonb_agg(jsonb_build_object(
                    'campaign_id', w.campaign_id, 'campaign', w.campaign_ref, 'event_id', w.event_id, 'event_type', w.event_type,
                    'channel', w.channel, 'at', w.at, 'weight', round(CAST(w.weight AS numeric), 6),
                    'revenue', round(CAST(w.weight AS numeric) * res.revenue, 2)) ORDER BY w.k)
           FROM weighted w WHERE w.model = m.model), '[]'::jsonb),
         m.model,
         CASE WHEN f.event_id IS NULL THEN 0 ELSE res.revenue END
  FROM res CROSS JOIN models m
  LEFT JOIN touches f ON f.k = 1
  LEFT JOIN touches l ON l.k = l.n
  WHERE res.contact_id IS NOT NULL
  ON CONFLICT (reservation_id, attribution_model) DO UPDATE SET
    first_touch_campaign_id = EXCLUDED.first_touch_campaign_id, first_touch_channel = EXCLUDED.first_touch_channel,
    first_touch_source = EXCLUDED.first_touch_source, first_touch_date = EXCLUDED.first_touch_date,
    last_touch_campaign_id = EXCLUDED.last_touch_campaign_id, last_touch_channel = EXCLUDED.last_touch_channel,
    last_touch_source = EXCLUDED.last_touch_source, last_touch_date = EXCLUDED.last_touch_date,
    touchpoints = EXCLUDED.touchpoints, revenue_attributed = EXCLUDED.revenue_attributed, created_at = now()
  RETURNING ${RETURNING}
)
SELECT EXISTS (SELECT 1 FROM res) AS _found, (SELECT contact_id IS NOT NULL FROM res) AS _has_contact, inserted.*
FROM (SELECT 1) one LEFT JOIN inserted ON true`;
  const { rows } = await executor.query(sql, {
    reservation_id: sqlValue.uuid(input.reservationId),
    models: sqlValue.textArray(input.models),
    touch_types: sqlValue.textArray(TOUCH_EVENT_TYPES),
    lookback: input.lookbackDays,
    revenue: input.revenue === undefined ? null : sqlValue.decimal(input.revenue),
  });
  const first = rows[0];
  return {
    found: first?._found === true,
    hasContact: first?._has_contact === true,
    rows: rows.filter((r) => r.id !== null && r.id !== undefined).map(({ _found: _f, _has_contact: _h, ...row }) => row),
  };
}
