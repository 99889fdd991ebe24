/**
 * What a first-time user tripped on (issue 14), through the local HTTP API on
 * a real migrated database: filters typed by their column, CHECK lists,
 * foreign keys by business ID, one 404 rule for nested lists, messages that
 * say what is wrong, and a restore that always makes a version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import type { Page, Problem } from '../support/types.js';

type Calendar = { id: string; calendar_id: string };
type Item = { id: string; title: string; scheduled_time: string | null };
type Content = { id: string; content_id: string; version: number; title: string };

let api: TestApi;
let calendar: Calendar;
let propertyId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa Azul') RETURNING id`);
  propertyId = rows[0]!.id;
  calendar = (await api.request<Calendar>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'Socials', property_id: propertyId } })).body;
  const other = (await api.request<Calendar>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'Other' } })).body;
  for (const [cal, title, time] of [[calendar, 'Evening post', '18:30'], [calendar, 'Morning post', '09:00:00'], [other, 'Elsewhere', '18:30']] as const) {
    const created = await api.request('POST', `/v1/calendars/${cal.id}/items`, { as: 'marketer', body: { title, scheduled_date: '2026-06-01', scheduled_time: time } });
    expect(created.status).toBe(201);
  }
});
afterAll(async () => {
  await api.stop();
});

const errorsOf = (body: unknown) => (body as Problem).errors ?? [];

describe('filters typed by their column', () => {
  it('compares scheduled_time as a time: eq.18:30 matches 18:30:00, ranges work, gte.abc is a 422', async () => {
    const evening = await api.request<Page<Item>>('GET', `/v1/calendar-items?scheduled_time=eq.18:30&calendar_id=eq.${calendar.id}`);
    expect(evening.body.data.map((i) => [i.title, i.scheduled_time])).toEqual([['Evening post', '18:30:00']]);
    const range = await api.request<Page<Item>>('GET', '/v1/calendar-items?scheduled_time=gte.08:00&scheduled_time=lt.10:00');
    expect(range.body.data.map((i) => i.title)).toEqual(['Morning post']);
    const bad = await api.request<Problem>('GET', '/v1/calendar-items?scheduled_time=gte.abc&scheduled_date=gte.soon');
    expect(bad.status).toBe(422);
    expect(errorsOf(bad.body).map((e) => [e.path, e.message])).toEqual([
      ['query.scheduled_time', '"abc" is not a time of day (HH:MM or HH:MM:SS)'],
      ['query.scheduled_date', '"soon" is not a date (YYYY-MM-DD)'],
    ]);
  });

  it('takes a calendar by business ID or uuid wherever calendar_id is filtered', async () => {
    const byBusinessId = await api.request<Page<Item>>('GET', `/v1/calendar-items?calendar_id=eq.${calendar.calendar_id}`);
    const byUuid = await api.request<Page<Item>>('GET', `/v1/calendar-items?calendar_id=eq.${calendar.id}`);
    expect(byBusinessId.status).toBe(200);
    expect(byBusinessId.body.data.map((i) => i.title).sort()).toEqual(['Evening post', 'Morning post']);
    expect(byBusinessId.body).toEqual(byUuid.body);
    const mixed = await api.request<Page<Item>>('GET', `/v1/calendar-items?calendar_id=in.(${calendar.calendar_id},0190a5f0-0000-7000-8000-00000000dead)`);
    expect(mixed.body.data).toHaveLength(2);
    const neither = await api.request<Problem>('GET', '/v1/calendar-items?calendar_id=eq.calendar-one');
    expect(errorsOf(neither.body)).toEqual([{ path: 'query.calendar_id', message: '"calendar-one" is neither a UUID nor a business ID (e.g. CAL-010001)' }]);
  });

  it('refuses a value outside a CHECK list, naming the allowed ones', async () => {
    const bogus = await api.request<Problem>('GET', '/v1/content?status=eq.bogus');
    expect(bogus.status).toBe(422);
    expect(errorsOf(bogus.body)[0]).toMatchObject({ path: 'query.status' });
    expect(errorsOf(bogus.body)[0]!.message).toMatch(/^"bogus" is not a possible value; one of: .*draft/);
    expect((await api.request('GET', '/v1/content?status=in.(draft,published)')).status).toBe(200);
  });
});

describe('messages that say what is wrong', () => {
  it('names a repeated parameter, a wrong direction and a column that cannot be filtered', async () => {
    const repeated = await api.request<Problem>('GET', '/v1/content?limit=10&limit=20');
    expect(errorsOf(repeated.body)).toEqual([{ path: 'query.limit', message: 'is given 2 times; give it once' }]);
    const sideways = await api.request<Problem>('GET', '/v1/content?order=id.sideways');
    expect(errorsOf(sideways.body)).toEqual([{ path: 'query.order', message: 'direction "sideways" of id is neither asc nor desc' }]);
    const wordCount = await api.request<Problem>('GET', '/v1/content?word_count=gt.1');
    expect(errorsOf(wordCount.body)[0]).toMatchObject({ path: 'query.word_count' });
    expect(errorsOf(wordCount.body)[0]!.message).toMatch(/^is not filterable; filter on one of: .*status/);
    const unknown = await api.request<Problem>('GET', '/v1/content?colour=eq.red');
    expect(errorsOf(unknown.body)).toEqual([{ path: 'query.colour', message: 'Unknown field' }]);
  });

  it('sends a status change to its route, and says a missing field is required', async () => {
    const piece = (await api.request<Content>('POST', '/v1/content', { as: 'marketer', body: { title: 'Draft', content_type: 'blog' } })).body;
    const patch = await api.request<Problem>('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { status: 'published' } });
    expect(patch.status).toBe(422);
    expect(errorsOf(patch.body)).toEqual([{ path: 'body.status', message: 'change it with POST /v1/content/{id}/status' }]);
    const readOnly = await api.request<Problem>('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { content_id: 'CON-000001' } });
    expect(errorsOf(readOnly.body)).toEqual([{ path: 'body.content_id', message: 'is read-only: the server sets it' }]);
    const missing = await api.request<Problem>('POST', '/v1/calendars', { as: 'marketer', body: {} });
    expect(errorsOf(missing.body)).toEqual([{ path: 'body.calendar_name', message: 'is required (string)' }]);
  });
});

describe('nested lists under a parent that does not exist', () => {
  it('answer 404 like the parent itself, naming the parent without internal words', async () => {
    const unknown = await api.request<Problem>('GET', '/v1/properties/0190a5f0-0000-7000-8000-00000000dead/strategies');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('No property 0190a5f0-0000-7000-8000-00000000dead.');
    const malformed = await api.request<Problem>('GET', '/v1/properties/not-a-uuid/strategies');
    expect([malformed.status, malformed.body.detail]).toEqual([404, 'No property not-a-uuid.']);
    const empty = await api.request<Page<unknown>>('GET', `/v1/properties/${propertyId}/strategies`);
    expect([empty.status, empty.body.data]).toEqual([200, []]);
  });
});

describe('restoring a version', () => {
  it('makes a new version even when it equals the current one, keeping the change summary', async () => {
    const piece = (await api.request<Content>('POST', '/v1/content', { as: 'marketer', body: { title: 'Same', content_type: 'blog' } })).body;
    const restored = await api.request<Content>('POST', `/v1/content/${piece.id}/versions/1/restore`, { as: 'marketer', body: { change_summary: 'Back to the original' } });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(2);
    const versions = await api.request<Page<{ version_number: number; change_summary: string | null }>>('GET', `/v1/content/${piece.id}/versions`);
    expect(versions.body.data.map((v) => [v.version_number, v.change_summary])).toEqual([[2, 'Back to the original'], [1, null]]);
  });
});
