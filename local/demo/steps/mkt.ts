/**
 * The mkt module: a campaign aimed at two seeded segments, a master piece of
 * content, and a persona for Ana with a score. (The WhatsApp dev account is
 * npm start's own; channels and segments are seeded.)
 */
import { ANA } from '../data.js';
import { eq, type DemoApi } from '../api.js';

async function codeId(api: DemoApi, route: string): Promise<string> {
  return String((await api.call('GET', route, { as: 'viewer' })).body.id);
}

export async function loadMkt(api: DemoApi): Promise<Record<'mktCampaign' | 'mktContent', string>> {
  const email = await codeId(api, '/v1/mkt/channels/email');
  const campaign = await api.ensure(
    'mkt campaign "Owner acquisition 2026"',
    `/v1/mkt/campaigns?name=${eq('Owner acquisition 2026')}`,
    {
      route: '/v1/mkt/campaigns',
      body: { name: 'Owner acquisition 2026', objective: 'owner_acquisition', start_date: '2026-03-01', budget_amount: '2500.00', currency: 'EUR', primary_channel_id: email },
    },
    async (row) => {
      if (!(await api.isEmpty(`/v1/mkt/campaigns/${row.id}/segments`))) return false;
      await api.call('PUT', `/v1/mkt/campaigns/${row.id}/segments`, { body: { ids: ['prospective_owners', 'property_investors'], primary: 'prospective_owners' } });
      return true;
    },
  );
  const content = await api.ensure('mkt content "Why owners choose us"', `/v1/mkt/content?title=${eq('Why owners choose us')}`, {
    route: '/v1/mkt/content',
    body: {
      title: 'Why owners choose us',
      content_type_id: await codeId(api, '/v1/mkt/content-types/blog_article'),
      summary: 'Occupancy, care and reporting, in the words of three owners.',
      body: 'Three owners on what changed when their villas joined.',
    },
  });
  await api.ensure(
    'persona contact "Ana Silva" (scored)',
    `/v1/mkt/persona-contacts?email=${eq('ana@example.com')}`,
    {
      route: '/v1/mkt/persona-contacts',
      body: { contact_id: ANA, full_name: 'Ana Silva', email: 'ana@example.com', country_code: 'PT', lifecycle_stage: 'customer', marketing_consent: true, source: 'booking' },
    },
    async (row) => {
      if (!(await api.isEmpty(`/v1/mkt/persona-contacts/${row.id}/scores`))) return false;
      await api.call('PUT', `/v1/mkt/persona-contacts/${row.id}/scores/repeat_guests`, { body: { score: 92, scoring_method: 'rules' } });
      return true;
    },
  );
  return { mktCampaign: String(campaign.campaign_code), mktContent: String(content.content_code) };
}
