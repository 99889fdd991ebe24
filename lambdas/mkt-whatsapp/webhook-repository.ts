/**
 * Stores a whole webhook delivery in ONE statement (one Data API call, so the
 * answer to Meta stays fast):
 * - inbound messages are inserted once per wamid (UNIQUE (account_id,
 *   external_message_id), ON CONFLICT DO NOTHING), so a redelivery adds
 *   nothing; their senders are upserted as contacts (unknown numbers created);
 * - statuses merge monotonically per message: sent < delivered < read, and
 *   failed is final. A status at or below the message's current one changes
 *   nothing (a late "delivered" after "read"); a higher one sets its own
 *   timestamp, and "failed" records the error.
 * Entries for a phone number id no account has are left out.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import type { InboundRow, StatusRow } from './webhook-payload.js';

const RANK = (status: string) =>
  `(CASE ${status} WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END)`;

export async function storeDelivery(executor: SqlExecutor, inbound: readonly InboundRow[], statuses: readonly StatusRow[]): Promise<Row> {
  const sql = `WITH input AS (SELECT CAST(:delivery AS jsonb) AS j),
inbound AS (
  SELECT DISTINCT ON (x.phone_number_id, x.wamid) x.*
  FROM input, jsonb_to_recordset(input.j->'inbound')
    AS x(phone_number_id text, wamid text, wa_id text, profile_name text, sent_at timestamptz, message_type text, body text, group_ext text)
),
statuses AS (
  SELECT x.* FROM input, jsonb_to_recordset(input.j->'statuses')
    AS x(phone_number_id text, wamid text, status text, at timestamptz, error_code text, error_message text)
),
accounts AS (
  SELECT a.id, a.phone_number_id FROM public.mkt_wap_accounts a
  WHERE a.phone_number_id IN (SELECT phone_number_id FROM inbound UNION SELECT phone_number_id FROM statuses)
),
senders AS (
  INSERT INTO public.mkt_wap_contacts AS c (phone_e164, wa_id, display_name, last_message_at)
  SELECT DISTINCT ON (i.wa_id) '+' || i.wa_id, i.wa_id, i.profile_name, max(i.sent_at) OVER (PARTITION BY i.wa_id)
  FROM inbound i JOIN accounts a ON a.phone_number_id = i.phone_number_id
  ORDER BY i.wa_id, i.sent_at DESC
  -- DO UPDATE (not NOTHING) so the row comes back even when another delivery created it a moment ago.
  ON CONFLICT (phone_e164) DO UPDATE
    SET wa_id = coalesce(c.wa_id, EXCLUDED.wa_id),
        display_name = coalesce(EXCLUDED.display_name, c.display_name),
        last_message_at = greatest(c.last_message_at, EXCLUDED.last_message_at)
  RETURNING c.id, c.phone_e164
),
stored AS (
  INSERT INTO public.mkt_wap_messages (account_id, group_id, contact_id, direction, message_type, body, external_message_id, status, sent_at)
  SELECT a.id, g.id, s.id, 'inbound', i.message_type, i.body, i.wamid, 'received', i.sent_at
  FROM inbound i
  JOIN accounts a ON a.phone_number_id = i.phone_number_id
  JOIN senders s ON s.phone_e164 = '+' || i.wa_id
  LEFT JOIN public.mkt_wap_groups g ON g.account_id = a.id AND g.external_group_id = i.group_ext
  ON CONFLICT (account_id, external_message_id) DO NOTHING
  RETURNING id
),
merged AS (
  SELECT a.id AS account_id, s.wamid, max(${RANK('s.status')}) AS top,
         min(s.at) FILTER (WHERE s.status = 'sent') AS sent_at,
         min(s.at) FILTER (WHERE s.status = 'delivered') AS delivered_at,
         min(s.at) FILTER (WHERE s.status = 'read') AS read_at,
         min(s.at) FILTER (WHERE s.status = 'failed') AS failed_at,
         (array_agg(s.error_code ORDER BY s.at) FILTER (WHERE s.status = 'failed'))[1] AS error_code,
         (array_agg(s.error_message ORDER BY s.at) FILTER (WHERE s.status = 'failed'))[1] AS error_message
  FROM statuses s JOIN accounts a ON a.phone_number_id = s.phone_number_id
  GROUP BY a.id, s.wamid
),
next AS (
  SELECT m.id,
         CASE WHEN u.top > ${RANK('m.status')} THEN (ARRAY['sent', 'delivered', 'read', 'failed'])[u.top] ELSE m.status END AS status,
         coalesce(m.sent_at, CASE WHEN ${RANK('m.status')} < 1 THEN u.sent_at END) AS sent_at,
         coalesce(m.delivered_at, CASE WHEN ${RANK('m.status')} < 2 THEN u.delivered_at END) AS delivered_at,
         coalesce(m.read_at, CASE WHEN ${RANK('m.status')} < 3 THEN u.read_at END) AS read_at,
         coalesce(m.failed_at, CASE WHEN ${RANK('m.status')} < 4 THEN u.failed_at END) AS failed_at,
         CASE WHEN ${RANK('m.status')} < 4 AND u.failed_at IS NOT NULL THEN u.error_code ELSE m.error_code END AS error_code,
         CASE WHEN ${RANK('m.status')} < 4 AND u.failed_at IS NOT NULL THEN u.error_message ELSE m.error_message END AS error_message
  FROM public.mkt_wap_messages m
  JOIN merged u ON m.account_id = u.account_id AND m.external_message_id = u.wamid
  WHERE m.direction = 'outbound'
),
updated AS (
  UPDATE public.mkt_wap_messages m
  SET (status, sent_at, delivered_at, read_at, failed_at, error_code, error_message) =
      (n.status, n.sent_at, n.delivered_at, n.read_at, n.failed_at, n.error_code, n.error_message)
  FROM next n
  WHERE m.id = n.id
    AND (m.status, m.sent_at, m.delivered_at, m.read_at, m.failed_at, m.error_code, m.error_message)
        IS DISTINCT FROM (n.status, n.sent_at, n.delivered_at, n.read_at, n.failed_at, n.error_code, n.error_message)
  RETURNING m.id
)
SELECT CAST((SELECT count(*) FROM stored) AS integer) AS messages_stored,
       CAST((SELECT count(*) FROM updated) AS integer) AS statuses_applied,
       CAST((SELECT count(*) FROM inbound i WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.phone_number_id = i.phone_number_id))
          + (SELECT count(*) FROM statuses s WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.phone_number_id = s.phone_number_id)) AS integer) AS unknown_account_entries`;
  const { rows } = await executor.query(sql, { delivery: sqlValue.json({ inbound, statuses }) });
  return rows[0] ?? {};
}
