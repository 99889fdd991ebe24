/**
 * Content version history through the API: the database trigger records each
 * substantive edit with the caller's JWT subject and change summary (set in
 * the same statement), status moves make no version, restore brings an old
 * version back as a new one, and the history is append-only and paged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Content = { id: string; content_id: string; title: string; version: number; status: string; content_body: string | null };
type VersionSummary = { id: string; content_id: string; version_number: number; title: string; changed_by: string; change_summary: string | null };
type Version = Omit<VersionSummary, 'title'> & { content_snapshot: Record<string, unknown> };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function createContent(title: string, extra: Record<string, unknown> = {}): Promise<Content> {
  const response = await api.request<Content>('POST', '/v1/content', {
    as: 'marketer',
    body: { title, content_type: 'blog', ...extra },
  });
  expect(response.status).toBe(201);
  return response.body;
}

/** Columns a restore brings back (all the trigger counts as substantive but created_by). */
const RESTORED = [
  'property_id', 'template_id', 'title', 'content_type', 'content_body', 'content_html', 'excerpt', 'meta_title',
  'meta_description', 'keywords', 'is_template', 'author', 'ai_generated', 'ai_model', 'tone', 'target_audience',
  'word_count', 'reading_time_min', 'tags',
];
const pick = (snapshot: Record<string, unknown>) => Object.fromEntries(RESTORED.map((c) => [c, snapshot[c]]));

describe('content versions', () => {
  it('records version 1 on create and version 2 on an edit, with changed_by = the JWT subject and the change summary', async () => {
    const piece = await createContent('First draft', { content_body: 'one two', change_summary: 'Initial import' });
    const edited = await api.request<Content>('PATCH', `/v1/content/${piece.id}`, {
      as: 'admin',
      body: { title: 'Second draft', change_summary: 'Sharper title' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    const list = await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.content_id}/versions`, { as: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.body.data.map((v) => [v.version_number, v.title, v.changed_by, v.change_summary])).toEqual([
      [2, 'Second draft', 'test-admin', 'Sharper title'],
      [1, 'First draft', 'test-marketer', 'Initial import'],
    ]);
    expect(list.body.next_cursor).toBeNull();
    const v1 = await api.request<Version>('GET', `/v1/content/${piece.id}/versions/1`, { as: 'viewer' });
    expect(v1.status).toBe(200);
    expect(v1.body.content_snapshot).toMatchObject({ title: 'First draft', content_body: 'one two', version: 1, word_count: 2 });
  });

  it('makes no version for a status-only change or an edit that changes nothing', async () => {
    const piece = await createContent('Stable');
    await api.request('POST', `/v1/content/${piece.id}/status`, { as: 'marketer', body: { status: 'review', change_summary: 'ignored' } });
    const same = await api.request<Content>('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { title: 'Stable' } });
    expect(same.body.version).toBe(1);
    const list = await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.id}/versions`);
    expect(list.body.data.map((v) => v.version_number)).toEqual([1]);
  });

  it('restores an old version as a new version equal to it, by whoever restored it', async () => {
    const piece = await createContent('Version one', { content_body: 'alpha beta gamma', tags: ['a'], tone: 'calm' });
    await api.request('PATCH', `/v1/content/${piece.id}`, {
      as: 'marketer',
      body: { title: 'Version two', content_body: 'delta', tags: ['b', 'c'], tone: null, excerpt: 'added later' },
    });
    const restored = await api.request<Content & Record<string, unknown>>('POST', `/v1/content/${piece.id}/versions/1/restore`, {
      as: 'admin',
      body: {},
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, title: 'Version one', content_body: 'alpha beta gamma', tags: ['a'], tone: 'calm', excerpt: null });
    expect(restored.headers.get('etag')).toMatch(/^"v\./);
    const [v1, v3] = await Promise.all([
      api.request<Version>('GET', `/v1/content/${piece.id}/versions/1`),
      api.request<Version>('GET', `/v1/content/${piece.id}/versions/3`),
    ]);
    expect(pick(v3.body.content_snapshot)).toEqual(pick(v1.body.content_snapshot));
    expect(v3.body).toMatchObject({ changed_by: 'test-admin', change_summary: 'Restored version 1' });
  });

  it('answers 404 for unknown content or version, 412 for a stale If-Match on restore, 422 for a bad version number', async () => {
    const piece = await createContent('Errors');
    for (const path of [
      '/v1/content/CON-999999/versions',
      '/v1/content/CON-999999/versions/1',
      `/v1/content/${piece.id}/versions/7`,
      'not-an-id',
    ]) {
      const response = await api.request<Problem>('GET', path.startsWith('/') ? path : `/v1/content/${path}/versions`);
      expect(response.status, path).toBe(404);
    }
    expect((await api.request('POST', `/v1/content/${piece.id}/versions/7/restore`, { body: {} })).status).toBe(404);
    expect((await api.request('POST', '/v1/content/CON-999999/versions/1/restore', { body: {} })).status).toBe(404);
    const bad = await api.request<Problem>('GET', `/v1/content/${piece.id}/versions/first`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['params.versionNumber']);
    const etag = (await api.request('GET', `/v1/content/${piece.id}`)).headers.get('etag')!;
    await api.request('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { title: 'Errors 2' } });
    const stale = await api.request<Problem>('POST', `/v1/content/${piece.id}/versions/1/restore`, {
      body: {},
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect((await api.request<Content>('GET', `/v1/content/${piece.id}`)).body).toMatchObject({ title: 'Errors 2', version: 2 });
    const unknownField = await api.request<Problem>('POST', `/v1/content/${piece.id}/versions/1/restore`, { body: { version: 1 } });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.errors?.map((e) => e.path)).toEqual(['body.version']);
  });

  it('has no routes that change or delete a version (append-only)', async () => {
    const piece = await createContent('Append only');
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const response = await api.request(method, `/v1/content/${piece.id}/versions/1`, { body: method === 'DELETE' ? undefined : {} });
      expect([404, 405]).toContain(response.status);
    }
    expect((await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.id}/versions`)).body.data).toHaveLength(1);
  });

  it('pages through a long history newest first without gaps or repeats, and filters', async () => {
    const piece = await createContent('Edit 0');
    for (let i = 1; i <= 11; i++) {
      const response = await api.request('PATCH', `/v1/content/${piece.id}`, {
        as: i % 2 ? 'marketer' : 'admin',
        body: { title: `Edit ${i}` },
      });
      expect(response.status).toBe(200);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/content/${piece.id}/versions?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response: { status: number; body: Page<VersionSummary> } = await api.request<Page<VersionSummary>>('GET', path);
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((v) => v.version_number));
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const ascending = await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.id}/versions?order=version_number.asc&limit=3`);
    expect(ascending.body.data.map((v) => v.version_number)).toEqual([1, 2, 3]);
    const byAdmin = await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.id}/versions?changed_by=eq.test-admin`);
    expect(byAdmin.body.data.map((v) => v.version_number)).toEqual([11, 9, 7, 5, 3]);
    const none = await api.request<Page<VersionSummary>>('GET', `/v1/content/${piece.id}/versions?version_number=gt.100`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ data: [], next_cursor: null });
  });

  it('serves each version route with exactly one Data API call', async () => {
    const piece = await createContent('Counted', { content_body: 'x' });
    await api.request('PATCH', `/v1/content/${piece.id}`, { body: { content_body: 'y' } });
    for (const [method, path] of [
      ['GET', `/v1/content/${piece.id}/versions`],
      ['GET', `/v1/content/${piece.id}/versions/1`],
      ['POST', `/v1/content/${piece.id}/versions/1/restore`],
    ] as const) {
      api.dataApiCalls.length = 0;
      const response = await api.request(method, path, { body: method === 'POST' ? {} : undefined });
      expect(response.status).toBe(200);
      expect(api.dataApiCalls).toEqual(['Execute']);
    }
  });
});
