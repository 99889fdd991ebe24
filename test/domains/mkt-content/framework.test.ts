/**
 * The rest of the content framework through the local HTTP API: the seeded
 * content and pillar types, ideas promoted to content in one call, tags and
 * their assignments to content and pillars, and the schedule read across
 * channels by date range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { idByCode, insertContent, insertPillar } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Page<T> = { data: T[]; next_cursor: string | null };
type Idea = { id: string; status: string; title: string };
type Content = { id: string; source_idea_id: string | null; content_type_id: string; title: string; summary: string | null; content_role: string };
type Slot = { id: string; channel_code: string; content_code: string; scheduled_for: string };

let api: TestApi;
let blog: string;
beforeAll(async () => {
  api = await startTestApi();
  blog = await idByCode(api.db.pool, 'mkt_con_types', 'blog_article');
});
afterAll(async () => {
  await api.stop();
});

describe('content and pillar types', () => {
  it('serves the 24 content types and 6 pillar types, one by code', async () => {
    const typeList = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/content-types?limit=200', { as: 'viewer' });
    expect(typeList.body.data).toHaveLength(24);
    const video = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/content-types?format=eq.video&limit=200', { as: 'viewer' });
    expect(video.body.data.map((t) => t.code).sort()).toEqual(['instagram_reel', 'tiktok_video', 'virtual_tour', 'webinar', 'youtube_video']);
    const pillarTypes = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/pillar-types', { as: 'viewer' });
    expect(pillarTypes.body.data).toHaveLength(6);
    const one = await api.request<{ name: string }>('GET', '/v1/mkt/pillar-types/market_insight', { as: 'viewer' });
    expect(one.body.name).toBe('Market Insight');
    expect((await api.request('GET', '/v1/mkt/content-types/fax')).status).toBe(404);
  });
});

describe('ideas', () => {
  it('orders by priority_rank (generated from priority), high first, across keyset pages; the rank is read-only', async () => {
    const marker = `triage-${Date.now()}`;
    for (const [i, priority] of ['low', 'high', 'medium', 'high', 'low'].entries()) {
      const made = await api.request<Idea & { priority_rank: number }>('POST', '/v1/mkt/ideas', { as: 'marketer', body: { title: `${marker} ${i}`, priority } });
      expect(made.status).toBe(201);
      expect(made.body.priority_rank).toBe({ low: 1, medium: 2, high: 3 }[priority]);
    }
    const seen: { priority: string; priority_rank: number }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `title=like.${marker}*&order=priority_rank.desc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api.request<Page<{ priority: string; priority_rank: number }>>('GET', `/v1/mkt/ideas?${query}`, { as: 'viewer' });
      expect(page.status).toBe(200);
      seen.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.map((i) => i.priority)).toEqual(['high', 'high', 'medium', 'low', 'low']);
    const set = await api.request<Problem>('POST', '/v1/mkt/ideas', { as: 'marketer', body: { title: `${marker} x`, priority_rank: 3 } });
    expect(set.status).toBe(422);
    expect(set.body.errors?.map((e) => e.path)).toEqual(['body.priority_rank']);
  });

  it('captures an idea and promotes it to linked content in one call, once', async () => {
    const pillar = await insertPillar(api.db.pool);
    const idea = await api.request<Idea>('POST', '/v1/mkt/ideas', {
      as: 'marketer',
      body: { title: 'Owners ask about damage deposits', description: 'Explain our damage cover.', pillar_id: pillar.id, source: 'owner_question' },
    });
    expect(idea.status).toBe(201);
    expect(idea.body).toMatchObject({ status: 'new', priority: 'medium' });
    const noType = await api.request<Problem>('POST', `/v1/mkt/ideas/${idea.body.id}/promote`, { as: 'marketer', body: {} });
    expect(noType.status).toBe(422);
    expect(noType.body.errors?.map((e) => e.path)).toEqual(['body.content_type_id']);
    api.dataApiCalls.length = 0;
    const promoted = await api.request<Content>('POST', `/v1/mkt/ideas/${idea.body.id}/promote`, { as: 'marketer', body: { content_type_id: blog } });
    expect(promoted.status).toBe(201);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(promoted.body).toMatchObject({
      source_idea_id: idea.body.id,
      content_type_id: blog,
      title: 'Owners ask about damage deposits',
      summary: 'Explain our damage cover.',
      content_role: 'master',
      pillar_id: pillar.id,
    });
    expect((await api.request<Idea>('GET', `/v1/mkt/ideas/${idea.body.id}`)).body.status).toBe('in_production');
    const again = await api.request('POST', `/v1/mkt/ideas/${idea.body.id}/promote`, { as: 'marketer', body: { content_type_id: blog } });
    expect(again.status).toBe(409);
    const linked = await api.request<Page<Content>>('GET', `/v1/mkt/content?source_idea_id=eq.${idea.body.id}`);
    expect(linked.body.data).toHaveLength(1);
    expect((await api.request('POST', '/v1/mkt/ideas/0190a5f0-0000-7000-8000-000000000000/promote', { as: 'marketer', body: {} })).status).toBe(404);
    expect((await api.request('POST', '/v1/mkt/ideas/not-an-id/promote', { as: 'marketer', body: {} })).status).toBe(404);
  });

  it('refuses bad idea fields with 422 paths', async () => {
    const bad = await api.request<Problem>('POST', '/v1/mkt/ideas', { as: 'marketer', body: { priority: 'urgent', source: 'dream', submitted_by: blog } });
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.priority', 'body.source', 'body.submitted_by', 'body.title']);
  });
});

describe('tags and assignments', () => {
  it('creates tags by slug, assigns them to content and pillars, and refuses duplicates with 409', async () => {
    const tag = await api.request<{ id: string; tag_group: string }>('POST', '/v1/mkt/tags', { as: 'marketer', body: { slug: 'gulf-coast', name: 'Gulf Coast', tag_group: 'location' } });
    expect(tag.status).toBe(201);
    expect((await api.request('POST', '/v1/mkt/tags', { as: 'marketer', body: { slug: 'gulf-coast', name: 'Again' } })).status).toBe(409);
    const badSlug = await api.request<Problem>('POST', '/v1/mkt/tags', { as: 'marketer', body: { slug: 'Gulf Coast', name: 'x', tag_group: 'colour' } });
    expect(badSlug.body.errors?.map((e) => e.path).sort()).toEqual(['body.slug', 'body.tag_group']);
    const content = await insertContent(api.db.pool);
    const assigned = await api.request<{ id: string }>('POST', `/v1/mkt/content/${content.content_code}/tags`, { as: 'marketer', body: { tag_id: tag.body.id } });
    expect(assigned.status).toBe(201);
    expect((await api.request('POST', `/v1/mkt/content/${content.id}/tags`, { as: 'marketer', body: { tag_id: tag.body.id } })).status).toBe(409);
    const tags = await api.request<Page<{ tag_id: string }>>('GET', `/v1/mkt/content/${content.id}/tags`, { as: 'viewer' });
    expect(tags.body.data.map((t) => t.tag_id)).toEqual([tag.body.id]);
    expect((await api.request('DELETE', `/v1/mkt/content/${content.id}/tags/${assigned.body.id}`, { as: 'marketer' })).status).toBe(204);
    const pillar = await insertPillar(api.db.pool);
    expect((await api.request('POST', `/v1/mkt/pillars/${pillar.pillar_code}/tags`, { as: 'marketer', body: { tag_id: tag.body.id } })).status).toBe(201);
    const unknown = await api.request<Problem>('POST', `/v1/mkt/pillars/${pillar.id}/tags`, { as: 'marketer', body: { tag_id: '0190a5f0-0000-7000-8000-000000000000' } });
    expect(unknown.status).toBe(409);
    expect(unknown.body.errors?.map((e) => e.path)).toEqual(['body.tag_id']);
  });
});

describe('schedule', () => {
  it('reads slots by date range across channels or for one, in time order', async () => {
    const a = await insertContent(api.db.pool, { title: 'Piece A' });
    const b = await insertContent(api.db.pool, { title: 'Piece B' });
    const linkedin = await idByCode(api.db.pool, 'mkt_channels', 'linkedin');
    const instagram = await idByCode(api.db.pool, 'mkt_channels', 'instagram');
    const slots = [
      [a.id, linkedin, '2026-09-03T09:00:00Z'],
      [b.id, instagram, '2026-09-01T18:00:00Z'],
      [a.id, instagram, '2026-09-02T12:00:00Z'],
      [b.id, linkedin, '2026-10-15T09:00:00Z'],
    ] as const;
    for (const [contentId, channelId, at] of slots) {
      const created = await api.request('POST', '/v1/mkt/schedule', { as: 'marketer', body: { content_id: contentId, channel_id: channelId, scheduled_for: at } });
      expect(created.status).toBe(201);
    }
    const twice = await api.request('POST', '/v1/mkt/schedule', { as: 'marketer', body: { content_id: a.id, channel_id: linkedin, scheduled_for: '2026-09-03T09:00:00Z' } });
    expect(twice.status).toBe(409);
    api.dataApiCalls.length = 0;
    const september = await api.request<{ data: Slot[]; truncated: boolean }>('GET', '/v1/mkt/schedule/calendar?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z', { as: 'viewer' });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(september.body.data.map((s) => [s.scheduled_for, s.channel_code, s.content_code])).toEqual([
      ['2026-09-01T18:00:00.000Z', 'instagram', b.content_code],
      ['2026-09-02T12:00:00.000Z', 'instagram', a.content_code],
      ['2026-09-03T09:00:00.000Z', 'linkedin', a.content_code],
    ]);
    expect(september.body.truncated).toBe(false);
    const one = await api.request<{ data: Slot[] }>('GET', '/v1/mkt/schedule/calendar?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&channel=linkedin');
    expect(one.body.data.map((s) => s.content_code)).toEqual([a.content_code]);
    expect((await api.request('GET', '/v1/mkt/schedule/calendar?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&channel=myspace')).status).toBe(404);
    const long = await api.request<Problem>('GET', '/v1/mkt/schedule/calendar?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(long.body.errors?.map((e) => e.path)).toEqual(['query.to']);
  });

  it('requires published_at for a published slot (422)', async () => {
    const a = await insertContent(api.db.pool);
    const linkedin = await idByCode(api.db.pool, 'mkt_channels', 'linkedin');
    const bad = await api.request<Problem>('POST', '/v1/mkt/schedule', {
      as: 'marketer',
      body: { content_id: a.id, channel_id: linkedin, scheduled_for: '2026-09-03T09:00:00Z', status: 'published' },
    });
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['body.published_at']);
  });
});
