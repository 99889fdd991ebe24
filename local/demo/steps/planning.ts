/** A content strategy, and Villa Azul's social calendar with items. */
import { VILLA_AZUL } from '../data.js';
import { eq, type DemoApi } from '../api.js';

export async function loadPlanning(api: DemoApi): Promise<Record<'strategy' | 'calendar', string>> {
  const strategy = await api.ensure('strategy "Villa Azul summer 2026"', `/v1/strategies?strategy_name=${eq('Villa Azul summer 2026')}`, {
    route: '/v1/strategies',
    body: {
      property_id: VILLA_AZUL,
      strategy_name: 'Villa Azul summer 2026',
      themes: ['pool', 'beach', 'sunsets'],
      posting_frequency: { instagram: '3/week', facebook: '1/week' },
      effective_date: '2026-05-01',
    },
  });
  const items = [
    { title: 'Pool morning carousel', scheduled_date: '2026-01-12', platform: 'instagram', content_type: 'carousel', tags: ['pool'] },
    { title: 'Sunset reel', scheduled_date: '2026-01-15', scheduled_time: '18:30', platform: 'instagram', content_type: 'reel', tags: ['sunset'] },
    { title: 'Summer blog post', scheduled_date: '2026-02-02', platform: 'blog', content_type: 'blog', tags: ['summer'] },
  ];
  const calendar = await api.ensure(
    'calendar "Villa Azul social" (3 items)',
    `/v1/calendars?calendar_name=${eq('Villa Azul social')}`,
    {
      route: '/v1/calendars',
      body: { property_id: VILLA_AZUL, content_strategy_id: strategy.id, calendar_name: 'Villa Azul social', calendar_type: 'social', start_date: '2026-01-01', end_date: '2026-12-31' },
    },
    async (row) => {
      let wrote = false;
      for (const item of items) {
        if (!(await api.isEmpty(`/v1/calendars/${row.id}/items?title=${eq(item.title)}&limit=1`))) continue;
        await api.call('POST', `/v1/calendars/${row.id}/items`, { body: item, expect: [201] });
        wrote = true;
      }
      return wrote;
    },
  );
  return { strategy: String(strategy.strategy_id), calendar: String(calendar.calendar_id) };
}
