/**
 * Events from email platforms (SES, SendGrid) in ONE statement: each event
 * carries the provider's id; a receipt is inserted with ON CONFLICT DO
 * NOTHING and the event is stored only when its receipt was new, so a
 * duplicate delivery, even a concurrent one, changes nothing. The campaign
 * comes from the message's tag or custom argument, the contact from the
 * recipient address; an event matching neither is left out (and counted).
 */
import type { SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';

export type Provider = 'ses' | 'sendgrid';

/** One event as the mappers produce it. */
export interface ProviderEvent {
  provider: Provider;
  /** The provider's own id of this event (the dedupe key). */
  providerEventId: string;
  /** Campaign uuid or CMP-NNNNNN from the message tag / custom argument; null when the message had none. */
  campaign: string | null;
  email: string;
  eventType: string;
  timestamp: string;
  data: Record<string, unknown>;
  channel: string;
  deviceType?: string | null;
}

export interface ProviderOutcome {
  stored: number;
  duplicates: number;
  unmatched: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BUSINESS_ID = /^CMP-\d{6,12}$/i;

export async function storeProviderEvents(executor: SqlExecutor, events: readonly ProviderEvent[]): Promise<ProviderOutcome> {
  if (events.length === 0) return { stored: 0, duplicates: 0, unmatched: 0 };
  const rows = events.map((e) => ({
    p: e.provider,
    pid: e.providerEventId,
    cu: e.campaign && UUID.test(e.campaign) ? e.campaign.toLowerCase() : null,
    cb: e.campaign && BUSINESS_ID.test(e.campaign) ? e.campaign.toUpperCase() : null,
    ke: e.email.toLowerCase(),
    t: e.eventType,
    ts: e.timestamp,
    d: e.data,
    ch: e.channel,
    dv: e.deviceType ?? null,
  }));
  // The receipt references the event it admits; both rows are written by this one statement, and the
  // foreign key is checked when the statement ends, when both exist.
  const sql = `WITH input AS (
  SELECT DISTINCT ON (r.p, r.pid) r.*
  FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(p text, pid text, cu uuid, cb text, ke text, t text, ts timestamptz, d jsonb, ch text, dv text)
),
by_email AS (
  SELECT lower(c.email) AS e, min(c.id::text)::uuid AS id, count(*) AS n
  FROM directory.contacts c WHERE lower(c.email) IN (SELECT ke FROM input) GROUP BY lower(c.email)
),
resolved AS MATERIALIZED (
  SELECT public.generate_uuid_v7() AS event_id, r.*, coalesce(c1.id, c2.id) AS campaign_uuid, CASE WHEN e.n = 1 THEN e.id END AS contact_uuid
  FROM input r
  LEFT JOIN marketing.campaigns c1 ON c1.id = r.cu
  LEFT JOIN marketing.campaigns c2 ON c2.campaign_id = r.cb
  LEFT JOIN by_email e ON e.e = r.ke
),
fresh AS (
  INSERT INTO marketing_ops.provider_event_receipts (provider, provider_event_id, campaign_event_id)
  SELECT p, pid, event_id FROM resolved WHERE campaign_uuid IS NOT NULL AND contact_uuid IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING campaign_event_id
),
inserted AS (
  INSERT INTO marketing.campaign_events (id, campaign_id, contact_id, event_type, event_timestamp, event_data, channel, device_type)
  SELECT event_id, campaign_uuid, contact_uuid, t, ts, d, ch, dv FROM resolved WHERE event_id IN (SELECT campaign_event_id FROM fresh)
  RETURNING 1
)
SELECT (SELECT count(*)::int FROM inserted) AS stored,
       (SELECT count(*)::int FROM resolved WHERE campaign_uuid IS NULL OR contact_uuid IS NULL) AS unmatched,
       (SELECT count(*)::int FROM resolved WHERE campaign_uuid IS NOT NULL AND contact_uuid IS NOT NULL) AS matched`;
  const { rows: result } = await executor.query(sql, { rows: sqlValue.json(rows) });
  const row = result[0] ?? {};
  const stored = Number(row.stored ?? 0);
  const unmatched = Number(row.unmatched ?? 0);
  // Repeats inside one delivery count as duplicates too.
  return { stored, unmatched, duplicates: events.length - stored - unmatched };
}
