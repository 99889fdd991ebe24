/**
 * Content through the local HTTP API on a real migrated database: CRUD by
 * uuid or CON-NNNNNN, derived word counts, ETags and If-Match, validation,
 * conflicts, pages and filters, the status workflow and templates, with one
 * Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Content = {
  id: string;
  content_id: string;
  title: string;
  content_type: string;
  status: string;
  version: number;
  published_at: string | null;
  template_id: string | null;
  is_template: boolean;
  property_id: string | null;
  word_count: number | null;
  reading_time_min: number | null;
  content_body?: string | null;
  tags: string[] | null;
  keywords: string[] | null;
  created_by: string | null;
  tone: string | null;
};

let api: TestApi;
let propertyId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa Azul') RETURNING id`);
  propertyId = rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function createContent(body: Record<string, unknown>): Promise<Content> {
  const response = await api.request<Content>('POST', '/v1/content', { as: 'marketer', body: { content_type: 'blog', ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function count(table: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

describe('content CRUD', () => {
  it('creates a draft with a business ID, counts words from Markdown, and reads back by uuid or business ID', async () => {
    const words = Array.from({ length: 401 }, (_, i) => `word${i}`).join(' ');
    const body = `# Summer at the villa\n\n**Bold** [a link](https://example.com/very/long/url) ${words}\n\n<p>Two <em>more</em></p>`;
    const piece = await createContent({ title: 'Summer', content_body: body, property_id: propertyId, tags: ['summer', 'beach'] });
    expect(piece.content_id).toMatch(/^CON-\d{6}$/);
    // heading 4 + "Bold" + "a link" 2 + 401 + "Two more" 2 = 410 words; 410/200 -> 3 minutes.
    expect(piece).toMatchObject({ status: 'draft', version: 1, word_count: 410, reading_time_min: 3, created_by: 'test-marketer' });
    const byUuid = await api.request<Content>('GET', `/v1/content/${piece.id}`, { as: 'viewer' });
    const byBusinessId = await api.request<Content>('GET', `/v1/content/${piece.content_id}`, { as: 'viewer' });
    expect(byUuid.status).toBe(200);
    expect(byUuid.body.content_body).toBe(body);
    expect(byBusinessId.body).toEqual(byUuid.body);
    expect(byUuid.headers.get('etag')).toMatch(/^"v\./);
    expect(byBusinessId.headers.get('etag')).toBe(byUuid.headers.get('etag'));
  });

  it('keeps given word counts, and recounts when the body changes', async () => {
    const given = await createContent({ title: 'Given', content_body: 'one two three', word_count: 999 });
    expect(given).toMatchObject({ word_count: 999, reading_time_min: 5 });
    const edited = await api.request<Content>('PATCH', `/v1/content/${given.id}`, { as: 'marketer', body: { content_body: 'just four words here' } });
    expect(edited.body).toMatchObject({ word_count: 4, reading_time_min: 1 });
    const cleared = await api.request<Content>('PATCH', `/v1/content/${given.id}`, { as: 'marketer', body: { content_body: null } });
    expect(cleared.body).toMatchObject({ word_count: null, reading_time_min: null });
    const untouched = await api.request<Content>('PATCH', `/v1/content/${given.id}`, { as: 'marketer', body: { tone: 'warm' } });
    expect(untouched.body).toMatchObject({ tone: 'warm', word_count: null });
  });

  it('answers 404 for unknown and malformed ids on every item route', async () => {
    for (const id of ['0190a5f0-0000-7000-8000-000000000000', 'CON-999999', 'not-an-id']) {
      const responses = await Promise.all([
        api.request<Problem>('GET', `/v1/content/${id}`, { as: 'viewer' }),
        api.request<Problem>('PATCH', `/v1/content/${id}`, { as: 'marketer', body: { title: 'x' } }),
        api.request<Problem>('DELETE', `/v1/content/${id}`, { as: 'admin' }),
        api.request<Problem>('POST', `/v1/content/${id}/status`, { as: 'marketer', body: { status: 'review' } }),
        api.request<Problem>('POST', `/v1/content/${id}/instantiate`, { as: 'marketer', body: {} }),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      }
    }
  });

  it('honours If-Match on PATCH and DELETE: a stale ETag is 412 and changes nothing', async () => {
    const piece = await createContent({ title: 'Original' });
    const etag = (await api.request('GET', `/v1/content/${piece.id}`)).headers.get('etag')!;
    const first = await api.request<Content>('PATCH', `/v1/content/${piece.id}`, {
      as: 'marketer',
      body: { title: 'Edited' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await api.request<Problem>('PATCH', `/v1/content/${piece.id}`, {
      as: 'marketer',
      body: { title: 'Overwritten' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const staleDelete = await api.request<Problem>('DELETE', `/v1/content/${piece.id}`, { as: 'admin', headers: { 'if-match': etag } });
    expect(staleDelete.status).toBe(412);
    const after = await api.request<Content>('GET', `/v1/content/${piece.id}`);
    expect(after.body.title).toBe('Edited');
    const current = after.headers.get('etag')!;
    expect((await api.request('DELETE', `/v1/content/${piece.id}`, { as: 'admin', headers: { 'if-match': current } })).status).toBe(204);
    expect((await api.request('GET', `/v1/content/${piece.id}`)).status).toBe(404);
  });

  it('rejects bad enums, types and unknown fields with 422 and field paths, writing nothing', async () => {
    const before = await count('marketing.content');
    const response = await api.request<Problem>('POST', '/v1/content', {
      as: 'marketer',
      body: { title: '', content_type: 'poem', tags: 'summer', word_count: -1, colour: 'blue', status: 'published' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual([
      'body.colour',
      'body.content_type',
      'body.status',
      'body.tags',
      'body.title',
      'body.word_count',
    ]);
    expect(await count('marketing.content')).toBe(before);
    const piece = await createContent({ title: 'Status is the workflow’s' });
    const patch = await api.request<Problem>('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { status: 'published' } });
    expect(patch.status).toBe(422);
    expect(patch.body.errors?.map((e) => e.path)).toEqual(['body.status']);
    const onlySummary = await api.request<Problem>('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { change_summary: 'nothing' } });
    expect(onlySummary.status).toBe(422);
    const badStatus = await api.request<Problem>('POST', `/v1/content/${piece.id}/status`, { as: 'marketer', body: { status: 'live' } });
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.errors?.map((e) => e.path)).toEqual(['body.status']);
    const badFilter = await api.request<Problem>('GET', '/v1/content?is_template=eq.maybe&tags=eq.x', { as: 'viewer' });
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.errors?.map((e) => e.path).sort()).toEqual(['query.is_template', 'query.tags']);
    const unknownFilter = await api.request<Problem>('GET', '/v1/content?colour=eq.blue', { as: 'viewer' });
    expect(unknownFilter.status).toBe(422);
    expect(unknownFilter.body.errors?.map((e) => e.path)).toEqual(['query.colour']);
    const unorderable = await api.request<Problem>('GET', '/v1/content?order=title.asc', { as: 'viewer' });
    expect(unorderable.status).toBe(422);
  });

  it('answers 409 naming the reference when a property does not exist', async () => {
    const before = await count('marketing.content');
    const response = await api.request<Problem>('POST', '/v1/content', {
      as: 'marketer',
      body: { title: 'Ghost', content_type: 'blog', property_id: '0190a5f0-0000-7000-8000-000000000001' },
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/property/);
    expect(await count('marketing.content')).toBe(before);
  });

  it('refuses (413, writing nothing) a piece whose row the Data API could not return, so lists keep working', async () => {
    const cjk = (n: number) => '中'.repeat(n);
    const before = await count('marketing.content');
    const list = Array.from({ length: 25 }, (_, i) => `${i}${cjk(98)}`); // 7.5 KB: within the per-field cap
    const response = await api.request<Problem>('POST', '/v1/content', {
      as: 'marketer',
      body: { title: 'Huge', content_type: 'blog', content_body: cjk(6_600), content_html: cjk(10_000), tags: list, keywords: list },
    });
    expect(response.status).toBe(413);
    expect(await count('marketing.content')).toBe(before);
    expect((await api.request('GET', '/v1/content', { as: 'viewer' })).status).toBe(200);
    // One list past its byte cap (50 items of 99 CJK characters, 15 KB) is a 422 naming it.
    const longList = Array.from({ length: 50 }, (_, i) => `${i}${cjk(98)}`);
    const capped = await api.request<Problem>('POST', '/v1/content', { as: 'marketer', body: { title: 'Tags', content_type: 'blog', tags: longList } });
    expect(capped.status).toBe(422);
    expect(capped.body.errors?.map((e) => e.path)).toEqual(['body.tags']);
  });

  it('keeps roles: viewers read only, marketers cannot delete', async () => {
    const piece = await createContent({ title: 'Roles' });
    expect((await api.request('POST', '/v1/content', { as: 'viewer', body: { title: 'x', content_type: 'blog' } })).status).toBe(403);
    expect((await api.request('POST', `/v1/content/${piece.id}/status`, { as: 'viewer', body: { status: 'review' } })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/content/${piece.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('GET', `/v1/content/${piece.id}`, { as: null })).status).toBe(401);
  });

  it('pages through all content without gaps or repeats, in the default and a chosen order, and filters', async () => {
    for (let i = 0; i < 13; i++) {
      await createContent({
        title: `Paged ${String(i).padStart(2, '0')}`,
        content_type: i % 3 === 0 ? 'email' : 'social',
        tags: i % 2 ? ['odd', 'paged'] : ['even', 'paged'],
        keywords: i === 4 ? ['villa'] : null,
        ...(i % 4 === 0 ? { property_id: propertyId } : {}),
      });
    }
    const orders = [
      { query: '', sql: 'ORDER BY id DESC' },
      { query: '&order=content_type.asc', sql: 'ORDER BY content_type ASC, id ASC' },
    ];
    for (const order of orders) {
      const expected = (await api.db.pool.query<{ id: string }>(`SELECT id FROM marketing.content ${order.sql}`)).rows.map((r) => r.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/v1/content?limit=4${order.query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response: { status: number; body: Page<Content> } = await api.request<Page<Content>>('GET', path, { as: 'viewer' });
        expect(response.status).toBe(200);
        expect(response.body.data.every((c) => !('content_body' in c))).toBe(true);
        seen.push(...response.body.data.map((c) => c.id));
        cursor = response.body.next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(3);
      expect(seen).toEqual(expected);
    }
    const filter = async (query: string) => (await api.request<Page<Content>>('GET', `/v1/content?limit=200&${query}`, { as: 'viewer' })).body.data;
    const emails = await filter('content_type=eq.email&title=like.Paged*');
    expect(emails.map((c) => c.title).sort()).toEqual(['Paged 00', 'Paged 03', 'Paged 06', 'Paged 09', 'Paged 12']);
    expect(await filter('tags=cs.{odd,paged}')).toHaveLength(6);
    expect((await filter('tags=ov.{even,nothing}')).every((c) => c.tags?.includes('even'))).toBe(true);
    expect((await filter('keywords=cs.{villa}')).map((c) => c.title)).toEqual(['Paged 04']);
    expect((await filter(`property_id=eq.${propertyId}&title=like.Paged*`)).map((c) => c.title).sort()).toEqual([
      'Paged 00',
      'Paged 04',
      'Paged 08',
      'Paged 12',
    ]);
    expect((await filter('status=in.(review,approved)')).length).toBe(0);
    expect((await filter('created_at=gte.2000-01-01&is_template=eq.false')).length).toBe(await count('marketing.content'));
    expect(await filter('published_at=is.null&title=like.Paged*')).toHaveLength(13);
  });
});

describe('status workflow', () => {
  it('walks draft → review → approved → published → archived, sets published_at on publish, and makes no new version', async () => {
    const piece = await createContent({ title: 'Workflow' });
    const move = (status: string) => api.request<Content>('POST', `/v1/content/${piece.content_id}/status`, { as: 'marketer', body: { status } });
    expect((await move('review')).body).toMatchObject({ status: 'review', published_at: null });
    expect((await move('draft')).body.status).toBe('draft');
    await move('review');
    expect((await move('approved')).body.status).toBe('approved');
    const before = Date.now();
    const published = await move('published');
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(Date.parse(published.body.published_at!)).toBeGreaterThan(before - 60_000);
    const archived = await move('archived');
    expect(archived.body).toMatchObject({ status: 'archived', published_at: published.body.published_at, version: 1 });
    const { rows } = await api.db.pool.query('SELECT version_number FROM marketing.content_versions WHERE content_id = $1', [piece.id]);
    expect(rows.map((r) => r.version_number)).toEqual([1]);
  });

  it('refuses an illegal jump with 409 naming from and to, changing nothing', async () => {
    const piece = await createContent({ title: 'Jumper' });
    const jump = await api.request<Problem>('POST', `/v1/content/${piece.id}/status`, { as: 'marketer', body: { status: 'published' } });
    expect(jump.status).toBe(409);
    expect(jump.body.detail).toMatch(/from draft to published/);
    expect(jump.body.errors?.[0]?.path).toBe('body.status');
    const same = await api.request<Problem>('POST', `/v1/content/${piece.id}/status`, { as: 'marketer', body: { status: 'draft' } });
    expect(same.status).toBe(409);
    const after = await api.request<Content>('GET', `/v1/content/${piece.id}`);
    expect(after.body).toMatchObject({ status: 'draft', published_at: null });
  });

  it('honours If-Match on a status move (412 when stale, even when the move is allowed)', async () => {
    const piece = await createContent({ title: 'Conditional move' });
    const etag = (await api.request('GET', `/v1/content/${piece.id}`)).headers.get('etag')!;
    await api.request('PATCH', `/v1/content/${piece.id}`, { as: 'marketer', body: { excerpt: 'changed' } });
    const stale = await api.request<Problem>('POST', `/v1/content/${piece.id}/status`, {
      as: 'marketer',
      body: { status: 'review' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect((await api.request<Content>('GET', `/v1/content/${piece.id}`)).body.status).toBe('draft');
  });
});

describe('templates', () => {
  it('creates a draft from a template, copying its fields and recording template_id', async () => {
    const template = await createContent({
      title: 'Welcome email template',
      content_type: 'email',
      is_template: true,
      content_body: 'Dear guest, welcome to our villa',
      content_html: '<p>Dear guest, welcome to our villa</p>',
      excerpt: 'Welcome',
      meta_title: 'Welcome',
      meta_description: 'A welcome',
      keywords: ['welcome'],
      tone: 'warm',
      target_audience: 'new guests',
      tags: ['onboarding'],
      property_id: propertyId,
    });
    await api.request('POST', `/v1/content/${template.id}/status`, { as: 'marketer', body: { status: 'review' } });
    const made = await api.request<Content & Record<string, unknown>>('POST', `/v1/content/${template.content_id}/instantiate`, {
      as: 'marketer',
      body: { title: 'Welcome, Ms Silva' },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/v1/content/${made.body.id}`);
    expect(made.body).toMatchObject({
      title: 'Welcome, Ms Silva',
      template_id: template.id,
      is_template: false,
      status: 'draft',
      version: 1,
      content_type: 'email',
      content_body: 'Dear guest, welcome to our villa',
      content_html: '<p>Dear guest, welcome to our villa</p>',
      excerpt: 'Welcome',
      meta_title: 'Welcome',
      meta_description: 'A welcome',
      keywords: ['welcome'],
      tone: 'warm',
      target_audience: 'new guests',
      tags: ['onboarding'],
      property_id: propertyId,
      word_count: 6,
      created_by: 'test-marketer',
    });
    const companyWide = await api.request<Content>('POST', `/v1/content/${template.id}/instantiate`, {
      as: 'marketer',
      body: { property_id: null },
    });
    expect(companyWide.body).toMatchObject({ title: 'Welcome email template', property_id: null });
    const listed = await api.request<Page<Content>>('GET', `/v1/content?template_id=eq.${template.id}`, { as: 'viewer' });
    expect(listed.body.data.map((c) => c.id).sort()).toEqual([made.body.id, companyWide.body.id].sort());
    const templates = await api.request<Page<Content>>('GET', '/v1/content?is_template=eq.true', { as: 'viewer' });
    expect(templates.body.data.map((c) => c.id)).toEqual([template.id]);
  });

  it('refuses to instantiate content that is not a template (409) and an unknown property (409)', async () => {
    const plain = await createContent({ title: 'Not a template' });
    const before = await count('marketing.content');
    const response = await api.request<Problem>('POST', `/v1/content/${plain.id}/instantiate`, { as: 'marketer', body: {} });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/not a template/);
    const template = await createContent({ title: 'T', is_template: true });
    const ghost = await api.request<Problem>('POST', `/v1/content/${template.id}/instantiate`, {
      as: 'marketer',
      body: { property_id: '0190a5f0-0000-7000-8000-000000000001' },
    });
    expect(ghost.status).toBe(409);
    expect(await count('marketing.content')).toBe(before + 1);
    const unknownField = await api.request<Problem>('POST', `/v1/content/${template.id}/instantiate`, { as: 'marketer', body: { status: 'published' } });
    expect(unknownField.status).toBe(422);
  });

  it('refuses (413, writing nothing) to copy a template too large to read back (written behind the API)', async () => {
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO marketing.content (title, content_type, is_template, content_body) VALUES ('Huge template', 'blog', true, repeat('中', 22000)) RETURNING id`,
    );
    const before = await count('marketing.content');
    const response = await api.request<Problem>('POST', `/v1/content/${rows[0]!.id}/instantiate`, { as: 'marketer', body: {} });
    expect(response.status).toBe(413);
    expect(await count('marketing.content')).toBe(before);
  });
});

describe('Data API calls', () => {
  it('serves every content route with exactly one Data API call', async () => {
    const calls = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id?: string }>(method, path, { as: 'admin', body });
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      return { calls: [...api.dataApiCalls], body: response.body };
    };
    const template = await calls('POST', '/v1/content', { title: 'Counted', content_type: 'guide', is_template: true, content_body: 'a b c' });
    expect(template.calls).toEqual(['Execute']);
    const id = template.body.id!;
    expect((await calls('GET', `/v1/content/${id}`)).calls).toEqual(['Execute']);
    expect((await calls('GET', '/v1/content?limit=2')).calls).toEqual(['Execute']);
    expect((await calls('PATCH', `/v1/content/${id}`, { title: 'Counted 2', change_summary: 'x' })).calls).toEqual(['Execute']);
    expect((await calls('POST', `/v1/content/${id}/status`, { status: 'review' })).calls).toEqual(['Execute']);
    const made = await calls('POST', `/v1/content/${id}/instantiate`, { title: 'From counted' });
    expect(made.calls).toEqual(['Execute']);
    expect((await calls('DELETE', `/v1/content/${made.body.id!}`)).calls).toEqual(['Execute']);
  });
});
