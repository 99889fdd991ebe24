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
 * - a status names its message by wamid or, when the sender never learnt the
 *   wamid (an answer lost to a timeout, lambdas/workers/whatsapp-send/), by
 *   our message id echoed in biz_opaque_callback_data; the wamid is then stored;
 * - the pricing category of the latest status that has one is kept.
 * Only entries for the account whose callback path received the delivery are
 * stored: its signature proves nothing about other accounts.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import type { InboundRow, StatusRow } from './webhook-payload.js';

const RANK = (status: string) =>
  `(CASE ${status} WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END)`;

export async function storeDelivery(executor: SqlExecutor, accountId: string, inbound: readonly InboundRow[], statuses: readonly StatusRow[]): Promise<Row> {
  const sql = `WITH input AS (SELECT CAST(:delivery AS jsonb) AS j),
inbound AS (
  SELECT DISTINCT ON (x.phone_number_id, x.wamid) x.*
  FROM input, jsonb_to_recordset(input.j->'inbound')
    AS x(phone_number_id text, wamid text, wa_id text, profile_name text, sent_at timestamptz, message_type text, body text, group_ext text)
),
statuses AS (
  SELECT x.* FROM input, jsonb_to_recordset(input.j->'statuses')
    AS x(phone_number_id text, wamid text, status text, at timestamptz, error_code text, error_message text, pricing_category text, callback text)
),
accounts AS (
  SELECT a.id, a.phone_number_id FROM public.mkt_wap_accounts a
  WHERE a.id = :account AND a.phone_number_id IN (SELECT phone_number_id FROM inbound UNION SELECT phone_number_id FROM statuses)
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
         (array_agg(s.error_message ORDER BY s.at) FILTER (WHERE s.status = 'failed'))[1] AS error_message,
         (array_agg(s.pricing_category ORDER BY s.at DESC) FILTER (WHERE s.pricing_category IS NOT NULL))[1] AS pricing_category,
         -- CASE (not AND) so the cast only ever sees a uuid.
         max(CASE WHEN s.callback ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s.callback END) AS callback
  FROM statuses s JOIN accounts a ON a.phone_number_id = s.phone_number_id
  GROUP BY a.id, s.wamid
),
-- A status finds its message by wamid, else (no wamid stored yet) by the id the sender sent as callback data.
targets AS (
  SELECT DISTINCT ON (m.id) m.id, m.status, m.sent_at, m.delivered_at, m.read_at, m.failed_at, m.error_code, m.error_message,
         m.pricing_category, m.external_message_id, m.send_state, u.top, u.wamid, u.sent_at AS u_sent, u.delivered_at AS u_delivered,
         u.read_at AS u_read, u.failed_at AS u_failed, u.error_code AS u_error_code, u.error_message AS u_error_message,
         u.pricing_category AS u_pricing
  FROM merged u
  JOIN public.mkt_wap_messages m ON m.account_id = u.account_id AND m.direction = 'outbound'
   AND (m.external_message_id = u.wamid
        OR (m.external_message_id IS NULL AND m.id = CAST(u.callback AS uuid)))
  ORDER BY m.id, u.top DESC
),
next AS (
  SELECT t.id,
         CASE WHEN t.top > ${RANK('t.status')} THEN (ARRAY['sent', 'delivered', 'read', 'failed'])[t.top] ELSE t.status END AS status,
         coalesce(t.sent_at, CASE WHEN ${RANK('t.status')} < 1 THEN t.u_sent END) AS sent_at,
         coalesce(t.delivered_at, CASE WHEN ${RANK('t.status')} < 2 THEN t.u_delivered END) AS delivered_at,
         coalesce(t.read_at, CASE WHEN ${RANK('t.status')} < 3 THEN t.u_read END) AS read_at,
         coalesce(t.failed_at, CASE WHEN ${RANK('t.status')} < 4 THEN t.u_failed END) AS failed_at,
         -- A reconciled unknown outcome drops the sender's "no answer" note.
         CASE WHEN ${RANK('t.status')} < 4 AND t.u_failed IS NOT NULL THEN t.u_error_code
              WHEN t.send_state = 'unknown' THEN NULL ELSE t.error_code END AS error_code,
         CASE WHEN ${RANK('t.status')} < 4 AND t.u_failed IS NOT NULL THEN t.u_error_message
              WHEN t.send_state = 'unknown' THEN NULL ELSE t.error_message END AS error_message,
         coalesce(t.u_pricing, t.pricing_category) AS pricing_category,
         coalesce(t.external_message_id, t.wamid) AS external_message_id,
         -- A status proves Meta took a message whose answer the sender never got.
         CASE WHEN t.send_state = 'unknown' THEN 'accepted' ELSE t.send_state END AS send_state
  FROM targets t
),
updated AS (
  UPDATE public.mkt_wap_messages m
  SET (status, sent_at, delivered_at, read_at, failed_at, error_code, error_message, pricing_category, external_message_id, send_state) =
      (n.status, n.sent_at, n.delivered_at, n.read_at, n.failed_at, n.error_code, n.error_message, n.pricing_category, n.external_message_id, n.send_state)
  FROM next n
  WHERE m.id = n.id
    AND (m.status, m.sent_at, m.delivered_at, m.read_at, m.failed_at, m.error_code, m.error_message, m.pricing_category, m.external_message_id, m.send_state)
        IS DISTINCT FROM (n.status, n.sent_at, n.delivered_at, n.read_at, n.failed_at, n.error_code, n.error_message, n.pricing_category, n.external_message_id, n.send_state)
  RETURNING m.id
)
SELECT CAST((SELECT count(*) FROM stored) AS integer) AS messages_stored,
       CAST((SELECT count(*) FROM updated) AS integer) AS statuses_applied,
       CAST((SELECT count(*) FROM inbound i WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.phone_number_id = i.phone_number_id))
          + (SELECT count(*) FROM statuses s WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.phone_number_id = s.phone_number_id)) AS integer) AS unknown_account_entries`;
  const { rows } = await executor.query(sql, { account: sqlValue.uuid(accountId), delivery: sqlValue.json({ inbound, statuses }) });
  return rows[0] ?? {};
}
