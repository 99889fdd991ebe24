/**
 * Bulk event ingest in ONE statement (one Data API call): the events arrive
 * as one JSON parameter, become rows through jsonb_to_recordset, are matched
 * to their campaign and contact, and the ones that match are inserted; the
 * same statement returns the index and reason of each one that did not, so
 * good rows are stored and bad rows reported without a second call or a
 * transaction. Business IDs (CEVT-NNNNNN) are drawn from the column
 * default's sequence in request order and formatted by the same function as
 * the default (public.format_business_id, schema/104), inlined into the
 * statement: the default would call a SQL function per row.
 */
import type { SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import type { Statement } from '../platform/crud/index.js';

/**
 * One row of the JSON parameter. Keys are one or two letters: at 10,000 rows
 * the key names alone would otherwise cost ~700 KB of the 4 MiB request.
 */
export interface EventRow {
  /** Index in the request. */
  i: number;
  /** Campaign by uuid or business ID (batch route only). */
  cu?: string;
  cb?: string;
  /** Contact by uuid or lower-cased e-mail. */
  ku?: string;
  ke?: string;
  t: string;
  ts?: string;
  d?: Record<string, unknown> | null;
  ch?: string | null;
  dv?: string | null;
  lo?: string | null;
}

export type RejectReason = 'campaign' | 'contact' | 'ambiguous_contact';

export interface IngestOutcome {
  /** False only when the path's campaign does not exist (nothing stored). */
  campaignFound: boolean;
  stored: number;
  rejected: { index: number; reason: RejectReason }[];
}

/** The JSON text of the rows parameter, as it will travel (so its size can be checked first). */
export function rowsParameter(rows: readonly EventRow[]): SqlValue {
  return sqlValue.json(rows);
}

/**
 * `campaign`: the path's campaign (every row belongs to it); omitted, each
 * row names its own (the cross-campaign batch).
 */
export async function insertEvents(executor: SqlExecutor, rows: SqlValue, campaign?: Statement): Promise<IngestOutcome> {
  const target = campaign ? `target AS (SELECT t.id FROM marketing.campaigns t WHERE ${campaign.sql}),\n` : '';
  const campaignJoin = campaign
    ? 'LEFT JOIN target c1 ON true'
    : 'LEFT JOIN marketing.campaigns c1 ON c1.id = r.cu\n  LEFT JOIN marketing.campaigns c2 ON c2.campaign_id = r.cb';
  const campaignId = campaign ? 'c1.id' : 'coalesce(c1.id, c2.id)';
  const sql = `WITH ${target}input AS (
  SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
    AS r(i int, cu uuid, cb text, ku uuid, ke text, t text, ts timestamptz, d jsonb, ch text, dv text, lo text)
),
by_email AS (
  SELECT lower(c.email) AS e, min(c.id::text)::uuid AS id, count(*) AS n
  FROM directory.contacts c
  WHERE lower(c.email) IN (SELECT ke FROM input WHERE ke IS NOT NULL)
  GROUP BY lower(c.email)
),
resolved AS (
  SELECT r.i, ${campaignId} AS campaign_uuid,
         CASE WHEN r.ku IS NOT NULL THEN k.id WHEN e.n = 1 THEN e.id END AS contact_uuid,
         coalesce(e.n, 0) AS email_matches, r.t, r.ts, r.d, r.ch, r.dv, r.lo
  FROM input r
  ${campaignJoin}
  LEFT JOIN directory.contacts k ON k.id = r.ku
  LEFT JOIN by_email e ON e.e = r.ke
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
  const { rows: result } = await executor.query(sql, { ...(campaign?.params ?? {}), rows });
  const first = result[0];
  return {
    campaignFound: first?._campaign_found === true,
    stored: Number(first?._stored ?? 0),
    rejected: result.filter((r) => r.i !== null && r.i !== undefined).map((r) => ({ index: Number(r.i), reason: r.reason as RejectReason })),
  };
}
