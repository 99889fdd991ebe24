/**
 * Attributed revenue summed per model, by campaign and by channel, over the
 * bookings (reservation created_at) in a range, in ONE statement over the
 * stored touchpoints. One result row per (model, dimension, key), so no row
 * grows with the data; touchpoints written by hand that are not objects or
 * carry no numeric revenue are skipped rather than failing the read.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';

/** Rows per answer at most (models × (campaigns + channels)); beyond that the answer says it was cut. */
export const MAX_SUMMARY_ROWS = 2000;

export interface SummaryInput {
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
}

export async function attributionSummary(executor: SqlExecutor, input: SummaryInput): Promise<{ rows: Row[]; truncated: boolean }> {
  const sql = `WITH touches AS (
  SELECT a.attribution_model AS model, a.reservation_id, tp,
         CASE WHEN jsonb_typeof(tp->'revenue') = 'number' THEN CAST(tp->>'revenue' AS numeric) END AS revenue
  FROM marketing.attribution a
  JOIN reservations.reservations r ON r.id = a.reservation_id
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.touchpoints) = 'array' THEN a.touchpoints ELSE '[]'::jsonb END) tp
  WHERE jsonb_typeof(tp) = 'object'
    AND a.attribution_model IS NOT NULL
    AND (CAST(:model AS text) IS NULL OR a.attribution_model = CAST(:model AS text))
    AND (CAST(:range_from AS timestamptz) IS NULL OR r.created_at >= CAST(:range_from AS timestamptz))
    AND (CAST(:range_to AS timestamptz) IS NULL OR r.created_at < CAST(:range_to AS timestamptz))
),
grouped AS (
  SELECT model, 'campaign' AS dimension, tp->>'campaign_id' AS key, max(tp->>'campaign') AS label,
         coalesce(sum(revenue), 0) AS revenue, count(*)::int AS touches, count(DISTINCT reservation_id)::int AS reservations
  FROM touches GROUP BY model, tp->>'campaign_id'
  UNION ALL
  SELECT model, 'channel', tp->>'channel', tp->>'channel',
         coalesce(sum(revenue), 0), count(*)::int, count(DISTINCT reservation_id)::int
  FROM touches GROUP BY model, tp->>'channel'
)
SELECT model, dimension, key, label, CAST(round(revenue, 2) AS text) AS revenue, touches, reservations
FROM grouped
ORDER BY model, dimension, revenue DESC, key NULLS LAST
LIMIT ${MAX_SUMMARY_ROWS + 1}`;
  const { rows } = await executor.query(sql, {
    model: input.model ?? null,
    range_from: input.from ? sqlValue.timestamp(new Date(input.from)) : null,
    range_to: input.to ? sqlValue.timestamp(new Date(input.to)) : null,
  });
  return { rows: rows.slice(0, MAX_SUMMARY_ROWS), truncated: rows.length > MAX_SUMMARY_ROWS };
}
