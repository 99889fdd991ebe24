/** Segments (a static one with members, a dynamic one refreshed) and a campaign with events. */
import { ANA, BEN, VILLA_AZUL } from '../data.js';
import { eq, type DemoApi } from '../api.js';

export async function loadAudience(api: DemoApi): Promise<Record<'newsletter' | 'repeatGuests' | 'campaign', string>> {
  const newsletter = await api.ensure(
    'static segment "Newsletter" (2 members)',
    `/v1/segments?segment_name=${eq('Newsletter')}`,
    { route: '/v1/segments', body: { segment_name: 'Newsletter', description: 'Guests who asked for the newsletter' } },
    async (row) => {
      if (!(await api.isEmpty(`/v1/segments/${row.id}/members?state=all&limit=1`))) return false;
      await api.call('POST', `/v1/segments/${row.id}/members`, { body: { contact_ids: [ANA, BEN] } });
      return true;
    },
  );
  const repeatGuests = await api.ensure(
    'dynamic segment "Repeat guests" (refreshed)',
    `/v1/segments?segment_name=${eq('Repeat guests')}`,
    {
      route: '/v1/segments',
      body: {
        segment_name: 'Repeat guests',
        segment_type: 'dynamic',
        auto_refresh: true,
        criteria: { all: [{ field: 'total_stays', op: 'gte', value: 2 }, { field: 'has_email', op: 'is_true' }] },
      },
    },
    async (row) => {
      if (row.last_calculated_at) return false;
      await api.call('POST', `/v1/segments/${row.id}/refresh`, {});
      return true;
    },
  );
  const campaign = await api.ensure(
    'campaign "Summer 2026" (3 events)',
    `/v1/campaigns?campaign_name=${eq('Summer 2026')}`,
    {
      route: '/v1/campaigns',
      body: {
        campaign_name: 'Summer 2026',
        campaign_type: 'email',
        property_id: VILLA_AZUL,
        segment_id: newsletter.id,
        budget: '1500.00',
        start_date: '2026-06-01',
        end_date: '2026-06-30',
        target_metrics: { open_rate: 0.35 },
      },
    },
    async (row) => {
      if (!(await api.isEmpty(`/v1/campaign-events?campaign_id=eq.${row.id}&limit=1`))) return false;
      await api.call('POST', `/v1/campaigns/${row.id}/events`, {
        body: {
          events: [
            { contact: ANA, event_type: 'delivered', event_timestamp: '2026-06-02T09:00:00Z', channel: 'email' },
            { contact: ANA, event_type: 'opened', event_timestamp: '2026-06-02T09:15:00Z', channel: 'email', device_type: 'mobile' },
            { contact: 'ben.okafor@gmail.com', event_type: 'delivered', event_timestamp: '2026-06-02T09:00:00Z', channel: 'email' },
          ],
        },
      });
      return true;
    },
  );
  return { newsletter: String(newsletter.segment_id), repeatGuests: String(repeatGuests.segment_id), campaign: String(campaign.campaign_id) };
}
