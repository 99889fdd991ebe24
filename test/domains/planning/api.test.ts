/**
 * Strategies, calendars, calendar items and the cross-calendar schedule
 * through the local HTTP API on a real migrated database: ids, ETags,
 * conflicts, validation, roles, pages, filters, one Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Strategy = { id: string; strategy_id: string; property_id: string; status: string; created_by: string | null; goals: unknown; themes: string[] | null };
type Calendar = { id: string; calendar_id: string; property_id: string | null; calendar_name: string; status: string; calendar_type: string | null };
type Item = {
  id: string;
  calendar_item_id: string;
  calendar_id: string;
  title: string;
  scheduled_date: string;
  scheduled_time: string | null;
  platform: string | null;
  status: string;
  priority: string;
  tags: string[] | null;
};

const MISSING = '0190a5f0-0000-7000-8000-00000000dead';

let api: TestApi;
let propertyId: string;
let otherPropertyId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO property.properties (name) VALUES ('Villa Azul'), ('Casa Sol') RETURNING id`,
  );
  propertyId = rows[0]!.id;
  otherPropertyId = rows[1]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await api.request<T>('POST', path, { as: 'marketer', body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const count = async (table: string) => (await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('strategies', () => {
  it('creates with a STRAT- business ID, JSON and array fields, the caller as created_by, and reads back by either id', async () => {
    const strategy = await post<Strategy>('/v1/strategies', {
      property_id: propertyId,
      strategy_name: 'Summer 2026',
      goals: { bookings: 120, kpis: ['ctr', 'reach'] },
      themes: ['beach', 'family, kids'],
      posting_frequency: { instagram: '3/week' },
      effective_date: '2026-05-01',
    });
    expect(strategy.strategy_id).toMatch(/^STRAT-\d{6}$/);
    expect(strategy).toMatchObject({ status: 'draft', created_by: 'test-marketer', goals: { bookings: 120, kpis: ['ctr', 'reach'] } });
    expect(strategy.themes).toEqual(['beach', 'family, kids']);
    const byId = await api.request<Strategy>('GET', `/v1/strategies/${strategy.strategy_id}`, { as: 'viewer' });
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(strategy);
    expect(byId.headers.get('etag')).toMatch(/^"v\./);
  });

  it('requires property_id and checks dates and fields with 422 and field paths, writing nothing', async () => {
    const before = await count('marketing.content_strategy');
    const response = await api.request<Problem>('POST', '/v1/strategies', {
      as: 'marketer',
      body: { strategy_name: 'x', effective_date: '2026-02-30', review_date: 'soon', themes: 'beach', budget: 5 },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual(
      ['body.budget', 'body.effective_date', 'body.property_id', 'body.review_date', 'body.themes'].sort(),
    );
    expect(await count('marketing.content_strategy')).toBe(before);
  });

  it('refuses (413, writing nothing) a create or change whose row the Data API could not return, so lists keep working', async () => {
    // Every field within its own cap (20,000 bytes for texts, 8,000 for JSON and lists), together over a row.
    const text = '中'.repeat(6_600);
    const full = {
      property_id: propertyId,
      goals: { notes: '中'.repeat(2_600) },
      posting_frequency: { instagram: 'x'.repeat(7_900) },
      target_audience: text,
      tone_guidelines: text,
    };
    const themes = Array.from({ length: 15 }, () => '中'.repeat(170));
    const before = await count('marketing.content_strategy');
    const created = await api.request<Problem>('POST', '/v1/strategies', { as: 'marketer', body: { ...full, strategy_name: 'Huge', themes } });
    expect(created.status).toBe(413);
    expect(created.body.detail).toMatch(/60000 bytes/);
    expect(await count('marketing.content_strategy')).toBe(before);

    const small = await post<Strategy>('/v1/strategies', { ...full, strategy_name: 'Grows' });
    const grown = await api.request<Problem>('PATCH', `/v1/strategies/${small.id}`, { as: 'marketer', body: { themes } });
    expect(grown.status).toBe(413);
    const { rows } = await api.db.pool.query('SELECT themes FROM marketing.content_strategy WHERE id = $1', [small.id]);
    expect(rows).toEqual([{ themes: null }]);
    expect((await api.request('GET', '/v1/strategies', { as: 'viewer' })).status).toBe(200);
  });

  it('caps JSON and list fields in bytes (422 with their paths), and long texts in UTF-8 bytes', async () => {
    const response = await api.request<Problem>('POST', '/v1/strategies', {
      as: 'marketer',
      body: {
        property_id: propertyId,
        strategy_name: 'Capped',
        goals: { notes: '中'.repeat(3000) },
        posting_frequency: { instagram: 'x'.repeat(8000) },
        themes: Array.from({ length: 20 }, () => '中'.repeat(150)),
        target_audience: '中'.repeat(7000),
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual(['body.goals', 'body.posting_frequency', 'body.target_audience', 'body.themes']);
  });

  it('answers 409 naming the property when it does not exist', async () => {
    const response = await api.request<Problem>('POST', '/v1/strategies', {
      as: 'marketer',
      body: { property_id: MISSING, strategy_name: 'Ghost' },
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/property/);
  });

  it('lists per property (nested path) and filters by status and an effective_date range', async () => {
    await post('/v1/strategies', { property_id: otherPropertyId, strategy_name: 'Winter', status: 'active', effective_date: '2026-11-01' });
    await post('/v1/strategies', { property_id: otherPropertyId, strategy_name: 'Spring', status: 'active', effective_date: '2027-03-01' });
    await post('/v1/strategies', { property_id: otherPropertyId, strategy_name: 'Old', status: 'retired', effective_date: '2025-01-01' });
    const nested = await api.request<Page<Strategy & { strategy_name: string }>>('GET', `/v1/properties/${otherPropertyId}/strategies`, {
      as: 'viewer',
    });
    expect(nested.status).toBe(200);
    expect(nested.body.data.map((s) => s.strategy_name)).toEqual(['Winter', 'Spring', 'Old']);
    expect(nested.body.data.every((s) => s.property_id === otherPropertyId)).toBe(true);
    const filtered = await api.request<Page<Strategy & { strategy_name: string }>>(
      'GET',
      `/v1/strategies?property_id=eq.${otherPropertyId}&status=eq.active&effective_date=gte.2026-10-01&effective_date=lt.2027-01-01`,
      { as: 'viewer' },
    );
    expect(filtered.body.data.map((s) => s.strategy_name)).toEqual(['Winter']);
    const bad = await api.request<Problem>('GET', '/v1/strategies?effective_date=gte.someday', { as: 'viewer' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.[0]?.path).toBe('query.effective_date');
  });
});

describe('calendars', () => {
  it('creates property and company-wide calendars, linked to a strategy, and filters company-wide ones with is.null', async () => {
    const strategy = await post<Strategy>('/v1/strategies', { property_id: propertyId, strategy_name: 'For calendars' });
    const property = await post<Calendar>('/v1/calendars', {
      calendar_name: 'Villa social',
      property_id: propertyId,
      content_strategy_id: strategy.id,
      calendar_type: 'social',
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    });
    expect(property.calendar_id).toMatch(/^CAL-\d{6}$/);
    expect(property).toMatchObject({ status: 'active', property_id: propertyId });
    const company = await post<Calendar>('/v1/calendars', { calendar_name: 'Company blog', calendar_type: 'blog' });
    expect(company.property_id).toBeNull();
    const companyWide = await api.request<Page<Calendar>>('GET', '/v1/calendars?property_id=is.null', { as: 'viewer' });
    expect(companyWide.body.data.map((c) => c.id)).toContain(company.id);
    expect(companyWide.body.data.every((c) => c.property_id === null)).toBe(true);
    const social = await api.request<Page<Calendar>>('GET', `/v1/calendars?calendar_type=eq.social&property_id=eq.${propertyId}`, { as: 'viewer' });
    expect(social.body.data.map((c) => c.id)).toEqual([property.id]);
  });

  it('answers 422 for an unknown campaign or strategy (by uuid or business ID), naming the field', async () => {
    const campaign = await api.request<Problem>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'X', campaign_id: MISSING } });
    expect(campaign.status).toBe(422);
    expect(campaign.body.detail).toMatch(/campaign/);
    expect(campaign.body.errors?.[0]?.path).toBe('body.campaign_id');
    const strategy = await api.request<Problem>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'X', content_strategy_id: 'STR-999999' } });
    expect(strategy.status).toBe(422);
    expect(strategy.body.errors?.[0]?.path).toBe('body.content_strategy_id');
  });

  it('updates with If-Match, refuses a stale ETag with 412 changing nothing, and 404s unknown ids', async () => {
    const calendar = await post<Calendar>('/v1/calendars', { calendar_name: 'Etag cal' });
    const etag = (await api.request('GET', `/v1/calendars/${calendar.calendar_id}`)).headers.get('etag')!;
    const first = await api.request<Calendar>('PATCH', `/v1/calendars/${calendar.id}`, {
      as: 'marketer',
      body: { status: 'paused' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    const stale = await api.request<Problem>('PATCH', `/v1/calendars/${calendar.id}`, {
      as: 'marketer',
      body: { calendar_name: 'Lost update' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect((await api.request<Calendar>('GET', `/v1/calendars/${calendar.id}`)).body).toMatchObject({ calendar_name: 'Etag cal', status: 'paused' });
    for (const id of [MISSING, 'CAL-999999', 'nonsense']) {
      expect((await api.request('GET', `/v1/calendars/${id}`, { as: 'viewer' })).status).toBe(404);
    }
    const badDates = await api.request<Problem>('PATCH', `/v1/calendars/${calendar.id}`, { as: 'marketer', body: { end_date: '2026-13-01' } });
    expect(badDates.status).toBe(422);
    expect(badDates.body.errors?.map((e) => e.path)).toEqual(['body.end_date']);
  });

  it('keeps roles: viewers read only, marketers cannot delete, admins delete (items cascade)', async () => {
    const calendar = await post<Calendar>('/v1/calendars', { calendar_name: 'Short-lived' });
    await post(`/v1/calendars/${calendar.id}/items`, { title: 'Goes with it', scheduled_date: '2026-03-01' });
    expect((await api.request('POST', '/v1/calendars', { as: 'viewer', body: { calendar_name: 'x' } })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/calendars/${calendar.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/calendars/${calendar.id}`, { as: 'admin' })).status).toBe(204);
    const left = await api.db.pool.query('SELECT 1 FROM marketing.calendar_items WHERE calendar_id = $1', [calendar.id]);
    expect(left.rowCount).toBe(0);
  });
});

describe('calendar items', () => {
  let calendar: Calendar;
  beforeAll(async () => {
    calendar = await post<Calendar>('/v1/calendars', { calendar_name: 'Items cal', property_id: propertyId });
  });

  it('creates under a calendar named by business ID, with time, tags and defaults', async () => {
    const item = await post<Item>(`/v1/calendars/${calendar.calendar_id}/items`, {
      title: 'Reel: sunset',
      scheduled_date: '2026-06-01',
      scheduled_time: '18:30',
      platform: 'instagram',
      tags: ['sunset', 'a "quoted", tag'],
    });
    expect(item.calendar_item_id).toMatch(/^CI-\d{6}$/);
    expect(item).toMatchObject({ calendar_id: calendar.id, scheduled_time: '18:30:00', status: 'planned', priority: 'normal' });
    expect(item.tags).toEqual(['sunset', 'a "quoted", tag']);
    const read = await api.request<Item>('GET', `/v1/calendars/${calendar.id}/items/${item.calendar_item_id}`, { as: 'viewer' });
    expect(read.body).toEqual(item);
  });

  it('rejects bad dates, times, missing and unknown fields with 422 and field paths', async () => {
    const before = await count('marketing.calendar_items');
    const response = await api.request<Problem>('POST', `/v1/calendars/${calendar.id}/items`, {
      as: 'marketer',
      body: { scheduled_date: '2026-02-30', scheduled_time: '25:00', tags: [1], calendar_id: calendar.id },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual(
      ['body.calendar_id', 'body.scheduled_date', 'body.scheduled_time', 'body.tags[0]', 'body.title'].sort(),
    );
    expect(await count('marketing.calendar_items')).toBe(before);
  });

  it('404s an item read through another calendar and an item created under a missing calendar; 409 for an unknown owner', async () => {
    const item = await post<Item>(`/v1/calendars/${calendar.id}/items`, { title: 'Mine', scheduled_date: '2026-06-02' });
    const other = await post<Calendar>('/v1/calendars', { calendar_name: 'Other' });
    expect((await api.request('GET', `/v1/calendars/${other.id}/items/${item.id}`, { as: 'viewer' })).status).toBe(404);
    expect((await api.request('POST', '/v1/calendars/CAL-999999/items', { as: 'marketer', body: { title: 'x', scheduled_date: '2026-01-01' } })).status).toBe(404);
    const owner = await api.request<Problem>('POST', `/v1/calendars/${calendar.id}/items`, {
      as: 'marketer',
      body: { title: 'x', scheduled_date: '2026-01-01', owner_contact_id: MISSING },
    });
    expect(owner.status).toBe(409);
    expect(owner.body.errors?.[0]?.path).toBe('body.owner_contact_id');
  });

  it('moves an item to another calendar with PATCH calendar_id', async () => {
    const item = await post<Item>(`/v1/calendars/${calendar.id}/items`, { title: 'Moving', scheduled_date: '2026-06-03' });
    const target = await post<Calendar>('/v1/calendars', { calendar_name: 'Target' });
    const moved = await api.request<Item>('PATCH', `/v1/calendars/${calendar.id}/items/${item.id}`, { as: 'marketer', body: { calendar_id: target.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.calendar_id).toBe(target.id);
    expect((await api.request('GET', `/v1/calendars/${target.calendar_id}/items/${item.id}`)).status).toBe(200);
  });
});

describe('cross-calendar schedule (GET /v1/calendar-items)', () => {
  let january: string[];
  let villa: Calendar;
  let blog: Calendar;
  beforeAll(async () => {
    villa = await post<Calendar>('/v1/calendars', { calendar_name: 'Villa January', property_id: propertyId });
    blog = await post<Calendar>('/v1/calendars', { calendar_name: 'Blog January' });
    const add = (cal: Calendar, title: string, scheduled_date: string, extra: Record<string, unknown> = {}) =>
      post<Item>(`/v1/calendars/${cal.id}/items`, { title, scheduled_date, ...extra });
    await add(villa, 'Dec eve', '2025-12-31', { scheduled_time: '23:00' });
    await add(villa, 'Jan 1 all-day', '2026-01-01');
    await add(blog, 'Jan 1 09:00', '2026-01-01', { scheduled_time: '09:00', platform: 'blog' });
    await add(villa, 'Jan 1 08:15', '2026-01-01', { scheduled_time: '08:15', platform: 'instagram' });
    await add(blog, 'Jan 15', '2026-01-15', { platform: 'blog', tags: ['winter'] });
    await add(villa, 'Jan 31 late', '2026-01-31', { scheduled_time: '23:59:59', platform: 'instagram', tags: ['winter', 'sale'] });
    await add(blog, 'Feb 1', '2026-02-01');
    january = ['Jan 1 08:15', 'Jan 1 09:00', 'Jan 1 all-day', 'Jan 15', 'Jan 31 late'];
  });

  const titles = async (query: string) => {
    const response = await api.request<Page<Item>>('GET', `/v1/calendar-items?${query}`, { as: 'viewer' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.data.map((i) => i.title);
  };

  it('returns the items of a date range across calendars, by date then time (all-day items last in their day)', async () => {
    const calendars = `calendar_id=in.(${villa.id},${blog.id})`;
    expect(await titles(`scheduled_date=gte.2026-01-01&scheduled_date=lte.2026-01-31&${calendars}`)).toEqual(january);
  });

  it('filters by platform, tags, calendar and time', async () => {
    const range = 'scheduled_date=gte.2026-01-01&scheduled_date=lte.2026-01-31';
    expect(await titles(`${range}&platform=eq.instagram`)).toEqual(['Jan 1 08:15', 'Jan 31 late']);
    expect(await titles(`${range}&tags=cs.{winter}`)).toEqual(['Jan 15', 'Jan 31 late']);
    expect(await titles(`${range}&calendar_id=eq.${blog.id}`)).toEqual(['Jan 1 09:00', 'Jan 15']);
    expect(await titles(`${range}&calendar_id=eq.${villa.id}&scheduled_time=is.null`)).toEqual(['Jan 1 all-day']);
    expect(await titles(`${range}&scheduled_time=gte.09:00&calendar_id=in.(${villa.id},${blog.id})`)).toEqual(['Jan 1 09:00', 'Jan 31 late']);
    for (const [query, path] of [
      ['scheduled_date=between.x', 'query.scheduled_date'],
      ['scheduled_date=gte.2026-02-30', 'query.scheduled_date'],
      ['colour=eq.red', 'query.colour'],
    ]) {
      const bad = await api.request<Problem>('GET', `/v1/calendar-items?${query}`, { as: 'viewer' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors?.map((e) => e.path)).toEqual([path]);
    }
  });

  it('pages through every item without gaps or repeats, in (date, time, id) order', async () => {
    const expected = (
      await api.db.pool.query<{ id: string }>(
        'SELECT id FROM marketing.calendar_items ORDER BY scheduled_date, scheduled_time NULLS LAST, id',
      )
    ).rows.map((r) => r.id);
    expect(expected.length).toBeGreaterThan(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/calendar-items?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response: { status: number; body: Page<Item> } = await api.request<Page<Item>>('GET', query, { as: 'viewer' });
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.data.map((i) => i.id));
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});

describe('one Data API call per request', () => {
  it('serves every CRUD route, the schedule and the iCalendar download with exactly one call', async () => {
    const calls = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id?: string }>(method, path, { as: 'admin', body });
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      expect(api.dataApiCalls, `${method} ${path}`).toEqual(['Execute']);
      return response.body;
    };
    const strategy = await calls('POST', '/v1/strategies', { property_id: propertyId, strategy_name: 'Counted' });
    await calls('GET', `/v1/strategies/${strategy.id}`);
    await calls('GET', '/v1/strategies?status=eq.draft');
    await calls('GET', `/v1/properties/${propertyId}/strategies`);
    await calls('PATCH', `/v1/strategies/${strategy.id}`, { status: 'active' });
    const calendar = await calls('POST', '/v1/calendars', { calendar_name: 'Counted', content_strategy_id: strategy.id });
    await calls('GET', `/v1/calendars/${calendar.id}`);
    await calls('GET', '/v1/calendars');
    await calls('PATCH', `/v1/calendars/${calendar.id}`, { calendar_type: 'email' });
    const item = await calls('POST', `/v1/calendars/${calendar.id}/items`, { title: 'Counted', scheduled_date: '2026-04-01' });
    await calls('GET', `/v1/calendars/${calendar.id}/items/${item.id}`);
    await calls('GET', `/v1/calendars/${calendar.id}/items`);
    await calls('PATCH', `/v1/calendars/${calendar.id}/items/${item.id}`, { status: 'scheduled' });
    await calls('GET', '/v1/calendar-items?scheduled_date=gte.2026-04-01&scheduled_date=lte.2026-04-30');
    await calls('GET', `/v1/calendars/${calendar.id}/ical`);
    await calls('DELETE', `/v1/calendars/${calendar.id}/items/${item.id}`);
    await calls('DELETE', `/v1/calendars/${calendar.id}`);
    await calls('DELETE', `/v1/strategies/${strategy.id}`);
  });
});
