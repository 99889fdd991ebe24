/**
 * Refreshes actual_metrics of every running campaign (active or paused) in
 * ONE statement: the same figures as GET /v1/campaigns/{id}/metrics (all
 * time), grouped per campaign, merged over the keys already there.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { perType, rates } from '../../campaigns/metrics-repository.js';

export const REFRESHED_STATUSES = ['active', 'paused'] as const;

export async function refreshCampaignMetrics(executor: SqlExecutor): Promise<{ refreshed: number }> {
  const sql = `WITH targets AS (SELECT id FROM marketing.campaigns WHERE status IN (${REFRESHED_STATUSES.map((s) => `'${s}'`).join(', ')})),
per_type AS (
  SELECT e.campaign_id, e.event_type, count(*)::int AS n, count(DISTINCT e.contact_id)::int AS u
  FROM marketing.campaign_events e JOIN targets t ON t.id = e.campaign_id GROUP BY e.campaign_id, e.event_type
),
contacts AS (
  SELECT e.campaign_id, count(DISTINCT e.contact_id)::int AS all_contacts
  FROM marketing.campaign_events e JOIN targets t ON t.id = e.campaign_id GROUP BY e.campaign_id
),
computed AS (
  SELECT t.id, jsonb_build_object(
    'events', ${perType('n')},
    'contacts', ${perType('u')},
    'unique_contacts', coalesce(max(k.all_contacts), 0),
    'rates', ${rates}
  ) AS m
  FROM targets t LEFT JOIN per_type p ON p.campaign_id = t.id LEFT JOIN contacts k ON k.campaign_id = t.id
  GROUP BY t.id
)
UPDATE marketing.campaigns AS c
SET actual_metrics = coalesce(c.actual_metrics, '{}'::jsonb) || computed.m || jsonb_build_object('refreshed_at', now())
FROM computed WHERE c.id = computed.id`;
  const { rowCount } = await executor.query(sql);
  return { refreshed: rowCount };
}
