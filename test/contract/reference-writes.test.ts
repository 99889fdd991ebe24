/**
 * A foreign key to a table with a business ID is written by either form:
 * the uuid or the business ID (`CAL-010001`), resolved in the writing
 * statement (one Data API call), read back as the uuid. An unknown one, of
 * either form, is a 422 naming the field, and nothing is written. The
 * document offers both forms to a generated client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { startTestApi, type TestApi } from '../support/api.js';
import type { Problem } from '../support/types.js';

type Row = { id: string; [key: string]: unknown };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function post(path: string, body: Record<string, unknown>): Promise<Row> {
  const made = await api.request<Row>('POST', path, { as: 'marketer', body });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body;
}
const ghost = '0190a5f0-0000-7000-8000-000000000000';
const count = async (table: string) => (await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('foreign keys written by uuid or business ID', () => {
  it('creates a calendar item naming its content and asset by business ID, in one statement; the row reads back the uuids', async () => {
    const calendar = await post('/v1/calendars', { calendar_name: 'Refs' });
    const content = await post('/v1/content', { content_type: 'blog', title: 'Referenced' });
    const asset = (await api.db.pool.query<{ id: string; asset_id: string }>(
      `INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('r.jpg', 'image', 's3://b/r') RETURNING id, asset_id`,
    )).rows[0]!;
    api.dataApiCalls.length = 0;
    const item = await post(`/v1/calendars/${String(calendar.calendar_id)}/items`, {
      title: 'By business IDs',
      scheduled_date: '2026-05-01',
      content_id: content.content_id,
      library_asset_id: asset.asset_id,
    });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(item).toMatchObject({ calendar_id: calendar.id, content_id: content.id, library_asset_id: asset.id });
    expect(Object.keys(item).filter((k) => k.startsWith('_'))).toEqual([]);
    const byUuid = await post(`/v1/calendars/${calendar.id}/items`, { title: 'By uuid', scheduled_date: '2026-05-02', content_id: content.id });
    expect(byUuid.content_id).toBe(content.id);
    // Filters take either form too.
    const filtered = await api.request<{ data: Row[] }>('GET', `/v1/calendars/${calendar.id}/items?content_id=eq.${String(content.content_id)}`, { as: 'viewer' });
    expect(filtered.body.data.map((r) => r.id).sort()).toEqual([item.id, byUuid.id].sort());
  });

  it('PATCH moves a calendar item to another calendar named by its business ID (was: a 422 for a non-uuid)', async () => {
    const from = await post('/v1/calendars', { calendar_name: 'From' });
    const to = await post('/v1/calendars', { calendar_name: 'To' });
    const item = await post(`/v1/calendars/${from.id}/items`, { title: 'Moving', scheduled_date: '2026-06-01' });
    api.dataApiCalls.length = 0;
    const moved = await api.request<Row>('PATCH', `/v1/calendars/${from.id}/items/${item.id}`, { as: 'marketer', body: { calendar_id: to.calendar_id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(moved.body.calendar_id).toBe(to.id);
    expect((await api.request('GET', `/v1/calendars/${String(to.calendar_id)}/items/${item.id}`, { as: 'viewer' })).status).toBe(200);
  });

  it('an unknown business ID or uuid is a 422 naming the field, and nothing is written (create and PATCH)', async () => {
    const calendar = await post('/v1/calendars', { calendar_name: 'Unknown refs' });
    const before = await count('marketing.calendar_items');
    for (const ref of ['CON-999999', ghost]) {
      const refused = await api.request<Problem>('POST', `/v1/calendars/${calendar.id}/items`, {
        as: 'marketer',
        body: { title: 'Nothing', scheduled_date: '2026-07-01', content_id: ref },
      });
      expect(refused.status, ref).toBe(422);
      expect(refused.body.errors?.map((e) => e.path)).toEqual(['body.content_id']);
    }
    const both = await api.request<Problem>('POST', `/v1/calendars/${calendar.id}/items`, {
      as: 'marketer',
      body: { title: 'Nothing', scheduled_date: '2026-07-01', content_id: 'CON-999999', published_post_id: 'SP-999999' },
    });
    expect(both.body.errors?.map((e) => e.path).sort()).toEqual(['body.content_id', 'body.published_post_id']);
    expect(await count('marketing.calendar_items')).toBe(before);
    const item = await post(`/v1/calendars/${calendar.id}/items`, { title: 'Stays', scheduled_date: '2026-07-02' });
    const patch = await api.request<Problem>('PATCH', `/v1/calendars/${calendar.id}/items/${item.id}`, { as: 'marketer', body: { calendar_id: 'CAL-999999', title: 'Changed' } });
    expect(patch.status).toBe(422);
    expect(patch.body.errors?.map((e) => e.path)).toEqual(['body.calendar_id']);
    expect((await api.request<Row>('GET', `/v1/calendars/${calendar.id}/items/${item.id}`, { as: 'viewer' })).body.title).toBe('Stays');
    const notAnId = await api.request<Problem>('POST', `/v1/calendars/${calendar.id}/items`, { as: 'marketer', body: { title: 'x', scheduled_date: '2026-07-01', content_id: 'content-1' } });
    expect(notAnId.status).toBe(422);
    expect(notAnId.body.errors?.map((e) => e.path)).toEqual(['body.content_id']);
  });

  it('under a parent that does not exist, a create is a 404 whatever its body names (the path first, then the body)', async () => {
    const before = await count('marketing.calendar_items');
    for (const parent of ['CAL-999999', ghost]) {
      const refused = await api.request<Problem>('POST', `/v1/calendars/${parent}/items`, {
        as: 'marketer',
        body: { title: 'Nothing', scheduled_date: '2026-07-01', content_id: 'CON-999999' },
      });
      expect(refused.status, parent).toBe(404);
      expect(refused.body.detail).toContain(parent);
    }
    expect(await count('marketing.calendar_items')).toBe(before);
  });

  it('in another domain and a PATCH of its own (social posts): account and content by business ID', async () => {
    const account = (await api.db.pool.query<{ id: string; social_account_id: string }>(
      `INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'Refs') RETURNING id, social_account_id`,
    )).rows[0]!;
    const content = await post('/v1/content', { content_type: 'blog', title: 'Posted' });
    const made = await post('/v1/social-posts', { account_id: account.social_account_id, post_type: 'post', caption: 'Hi' });
    expect(made.account_id).toBe(account.id);
    const changed = await api.request<Row>('PATCH', `/v1/social-posts/${made.id}`, { as: 'marketer', body: { content_id: content.content_id } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.content_id).toBe(content.id);
    expect(Object.keys(changed.body).filter((k) => k.startsWith('_'))).toEqual([]);
    const unknown = await api.request<Problem>('PATCH', `/v1/social-posts/${made.id}`, { as: 'marketer', body: { content_id: 'CON-999999' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.map((e) => e.path)).toEqual(['body.content_id']);
  });

  it('in the mkt module: a schedule slot names its content by MCON code', async () => {
    const type = (await api.db.pool.query<{ id: string }>(`SELECT id FROM public.mkt_con_types ORDER BY code LIMIT 1`)).rows[0]!.id;
    const channel = (await api.db.pool.query<{ id: string }>(`SELECT id FROM public.mkt_channels ORDER BY code LIMIT 1`)).rows[0]!.id;
    const content = await post('/v1/mkt/content', { content_type_id: type, title: 'Slot' });
    const slot = await post('/v1/mkt/schedule', { content_id: content.content_code, channel_id: channel, scheduled_for: '2026-08-01T09:00:00Z' });
    expect(slot.content_id).toBe(content.id);
  });

  it('the document offers both forms on writes and the uuid on reads', () => {
    const doc = buildOpenApiDocument({ routes }) as unknown as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { anyOf?: { format?: string; pattern?: string; type?: string }[] }> } }> } }>>;
      components: { schemas: Record<string, { properties: Record<string, { format?: string }> }> };
    };
    for (const method of ['post', 'patch'] as const) {
      const path = method === 'post' ? '/v1/calendars/{calendarId}/items' : '/v1/calendars/{calendarId}/items/{id}';
      const property = doc.paths[path]![method]!.requestBody!.content['application/json']!.schema.properties.content_id!;
      const forms = property.anyOf!.filter((s) => s.type === 'string');
      expect(forms.map((s) => s.format ?? s.pattern)).toEqual(['uuid', '^[A-Z]{1,8}-\\d{6,12}$']);
    }
    const read = doc.components.schemas.CalendarItem!.properties.content_id!;
    expect(read.format).toBe('uuid');
    expect(JSON.stringify(read)).not.toContain('pattern');
  });
});
