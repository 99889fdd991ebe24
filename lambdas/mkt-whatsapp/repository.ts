/** The WhatsApp module's own SQL: per-campaign message figures, computed by PostgreSQL in ONE statement. */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { idCondition, type Statement } from '../platform/crud/index.js';

export function campaignWhere(raw: string): Statement | null {
  return idCondition(raw, 'c', 'campaign_ref', 'campaign_code');
}

/**
 * Outbound counts by the furthest status reached (a read message was also
 * sent and delivered: the timestamps say so, whatever order statuses came
 * in), failures, and replies: inbound messages from a contact the campaign
 * wrote to, after its first message to them; messages per pricing category
 * (what Meta bills by). Null when the campaign does not exist.
 */
export async function campaignStats(executor: SqlExecutor, campaign: Statement): Promise<Row | null> {
  const sql = `WITH campaign AS (SELECT c.id FROM public.mkt_campaigns c WHERE ${campaign.sql}),
outbound AS (SELECT m.* FROM public.mkt_wap_messages m JOIN campaign ON m.campaign_id = campaign.id WHERE m.direction = 'outbound'),
reached AS (SELECT contact_id, min(coalesce(sent_at, created_at)) AS first_at FROM outbound WHERE contact_id IS NOT NULL GROUP BY contact_id)
SELECT campaign.id AS campaign_id,
       CAST((SELECT count(*) FROM outbound) AS integer) AS outbound,
       CAST((SELECT count(*) FROM outbound WHERE status = 'scheduled' AND send_state IS DISTINCT FROM 'unknown') AS integer) AS scheduled,
       CAST((SELECT count(*) FROM outbound WHERE status = 'queued' AND send_state IS DISTINCT FROM 'unknown') AS integer) AS queued,
       CAST((SELECT count(*) FROM outbound WHERE send_state = 'unknown') AS integer) AS outcome_unknown,
       CAST((SELECT count(*) FROM outbound WHERE sent_at IS NOT NULL OR status IN ('sent', 'delivered', 'read')) AS integer) AS sent,
       CAST((SELECT count(*) FROM outbound WHERE delivered_at IS NOT NULL OR status IN ('delivered', 'read')) AS integer) AS delivered,
       CAST((SELECT count(*) FROM outbound WHERE read_at IS NOT NULL OR status = 'read') AS integer) AS read,
       CAST((SELECT count(*) FROM outbound WHERE status = 'failed') AS integer) AS failed,
       CAST((SELECT count(*) FROM public.mkt_wap_messages i JOIN reached r ON r.contact_id = i.contact_id
              WHERE i.direction = 'inbound' AND i.created_at >= r.first_at) AS integer) AS replies,
       (SELECT coalesce(jsonb_object_agg(category, n), '{}'::jsonb)
          FROM (SELECT pricing_category AS category, count(*) AS n FROM outbound WHERE pricing_category IS NOT NULL GROUP BY pricing_category) p
       ) AS pricing_categories
FROM campaign`;
  const { rows } = await executor.query(sql, campaign.params);
  return rows[0] ?? null;
}
