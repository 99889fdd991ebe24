/**
 * Bulk event ingest in ONE statement (one Data API call): the events arrive
 * column by column (events-columns.ts), are zipped back into rows by
 * ROWS FROM, are matched to their campaign and contact, and
 * the ones that match are inserted; the same statement returns the index and
 * reason of each one that did not, so good rows are stored and bad rows
 * reported without a second call or a transaction. Business IDs
 * (CEVT-NNNNNN) are drawn from the column default's sequence in request
 * order and formatted by the same function as the default
 * (public.format_business_id, schema/104), inlined into the statement: the
 * default would call a SQL function per row.
 */
import type { SqlExecutor } from '../platform/db/executor.js';
import type { Statement } from '../platform/crud/index.js';
import type { ColumnValues } from './events-columns.js';

export type RejectReason = 'campaign' | 'contact' | 'ambiguous_contact';

export interface IngestOutcome {
  /** False only when the path's campaign does not exist (nothing stored). */
  campaignFound: boolean;
  stored: number;
  rejected: { index: number; reason: RejectReason }[];
}

/**
 * The rows. Element n of every column is item n - 1 of the request; items
 * that failed validation are NULL throughout (no event type) and skipped. A
 * contact is a uuid or an e-mail address (only addresses hold '@'); a
 * campaign (batch route) a uuid or a CMP- business ID; event_data a JSON
 * array (a blob of UTF-8) whose `null`s are no event_data.
 *
 * Each literal is cast from a scalar subquery, `CAST((SELECT :k) AS text[])`,
 * not `CAST(:k AS text[])`: the Data API binds a string as text, and the
 * planner folds a cast of a text constant at plan time to estimate unnest's
 * rows, so each 1-2 MB literal was parsed twice (~40 ms of planning for
 * 10,000 events). Behind a subquery it is parsed once, when the statement runs.
 */
const column = (name: string, type: string) => `unnest(CAST((SELECT :${name}) AS ${type}[]))`;
const INPUT = `SELECT (r.n - 1)::int AS i, r.k, r.c, r.t, r.ts, nullif(r.d::jsonb, 'null') AS d, r.ch, r.dv, r.lo
  FROM ROWS FROM (${column('k', 'text')}, ${column('c', 'text')}, ${column('t', 'text')}, ${column('ts', 'timestamptz')},
                  ${column('ch', 'text')}, ${column('dv', 'text')}, ${column('lo', 'text')},
                  json_array_elements(CAST(convert_from((SELECT :d), 'UTF8') AS json))) WITH ORDINALITY AS r(k, c, t, ts, ch, dv, lo, d, n)
  WHERE r.t IS NOT NULL`;

/**
 * `campaign`: the path's campaign (every row belongs to it); omitted, each
 * row names its own (the cross-campaign batch).
 */
export async function insertEvents(executor: SqlExecutor, columns: ColumnValues, campaign?: Statement): Promise<IngestOutcome> {
  const target = campaign ? `target AS (SELECT t.id FROM marketing.campaigns t WHERE ${campaign.sql}),\n` : '';
  const campaignJoin = campaign
    ? 'LEFT JOIN target c1 ON true'
    : `LEFT JOIN marketing.campaigns c1 ON c1.id = CASE WHEN r.c NOT LIKE 'CMP-%' THEN r.c::uuid END
  LEFT JOIN marketing.campaigns c2 ON c2.campaign_id = CASE WHEN r.c LIKE 'CMP-%' THEN r.c END`;
  const campaignId = campaign ? 'c1.id' : 'coalesce(c1.id, c2.id)';
  const sql = `WITH ${target}input AS (
  ${INPUT}
),
by_email AS (
  SELECT lower(c.email) AS e, min(c.id::text)::uuid AS id, count(*) AS n
  FROM directory.contacts c
  WHERE lower(c.email) IN (SELECT k FROM input WHERE strpos(k, '@') > 0)
  GROUP BY lower(c.email)
),
resolved AS (
  SELECT r.i, ${campaignId} AS campaign_uuid,
         CASE WHEN strpos(r.k, '@') = 0 THEN k.id WHEN e.n = 1 THEN e.id END AS contact_uuid,
         coalesce(e.n, 0) AS email_matches, r.t, r.ts, r.d, r.ch, r.dv, r.lo
  FROM input r
  ${campaignJoin}
  LEFT JOIN directory.contacts k ON k.id = CASE WHEN strpos(r.k, '@') = 0 THEN r.k::uuid END
  LEFT JOIN by_email e ON e.e = r.k
),
inserted AS (
  INSERT INTO marketing.campaign_events (campaign_event_id, campaign_id, contact_id, event_type, event_timestamp, event_data, channel, device_type, location)
  SELECT public.format_business_id('CEVT', n), campaign_uuid, contact_uuid, t, coalesce(ts, now()), d, ch, dv, lo
  FROM (
    SELECT *, nextval('marketing.campaign_events_business_id_seq') AS n
    FROM resolved WHERE campaign_uuid IS NOT NULL AND contact_uuid IS NOT NULL
    ORDER BY i
  ) numbered
  RETURNING 1
)
SELECT ${campaign ? 'EXISTS (SELECT 1 FROM target)' : 'true'} AS _campaign_found, (SELECT count(*)::int FROM inserted) AS _stored, x.i, x.reason
FROM (SELECT 1) one
LEFT JOIN (
  SELECT i, CASE WHEN campaign_uuid IS NULL THEN 'campaign' WHEN email_matches > 1 THEN 'ambiguous_contact' ELSE 'contact' END AS reason
  FROM resolved WHERE campaign_uuid IS NULL OR contact_uuid IS NULL
) x ON true
ORDER BY x.i`;
  const { rows: result } = await executor.query(sql, { ...(campaign?.params ?? {}), ...columns });
  const first = result[0];
  return {
    campaignFound: first?._campaign_found === true,
    stored: Number(first?._stored ?? 0),
    rejected: result.filter((r) => r.i !== null && r.i !== undefined).map((r) => ({ index: Number(r.i), reason: r.reason as RejectReason })),
  };
}
