/**
 * Master and repurposed content through the local HTTP API: a master is
 * repurposed into three channel versions its pillar allows and reads back as
 * one tree; a type the pillar does not allow, and repurposing a repurposed
 * piece, are refused and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { idByCode } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Content = { id: string; content_code: string; content_role: string; parent_content_id: string | null; pillar_id: string | null; title: string; summary: string | null };
type Node = { id: string; content_code: string; content_type_code: string; content_role: string; channel_codes?: string[] };
type Tree = Node & { repurposed: Node[]; truncated: boolean; pillar_id: string };

let api: TestApi;
const types: Record<string, string> = {};
beforeAll(async () => {
  api = await startTestApi();
  for (const code of ['blog_article', 'linkedin_post', 'instagram_reel', 'whatsapp_broadcast', 'podcast_episode']) {
    types[code] = await idByCode(api.db.pool, 'mkt_con_types', code);
  }
});
afterAll(async () => {
  await api.stop();
});

async function pillarAllowing(...typeCodes: string[]): Promise<{ id: string; pillar_code: string }> {
  const pillar = await api.request<{ id: string; pillar_code: string }>('POST', '/v1/mkt/pillars', {
    as: 'marketer',
    body: { pillar_type_id: await idByCode(api.db.pool, 'mkt_con_pillar_types', 'case_study'), title: 'Beach condo: 48% to 81% occupancy' },
  });
  expect(pillar.status).toBe(201);
  expect(pillar.body.pillar_code).toMatch(/^MPIL-\d{6}$/);
  for (const code of typeCodes) {
    const allowed = await api.request('POST', `/v1/mkt/pillars/${pillar.body.pillar_code}/content-types`, { as: 'marketer', body: { content_type_id: types[code] } });
    expect(allowed.status).toBe(201);
  }
  return pillar.body;
}

async function master(pillarId: string): Promise<Content> {
  const response = await api.request<Content>('POST', '/v1/mkt/content', {
    as: 'marketer',
    body: { content_type_id: types.blog_article, pillar_id: pillarId, title: 'How we raised occupancy', summary: 'The long read' },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function contentCount(): Promise<number> {
  return (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM public.mkt_con_content')).rows[0]!.n;
}

describe('repurposing', () => {
  it('turns a master into three channel versions and reads them back as one tree', async () => {
    const pillar = await pillarAllowing('linkedin_post', 'instagram_reel', 'whatsapp_broadcast');
    const piece = await master(pillar.id);
    expect(piece).toMatchObject({ content_role: 'master', parent_content_id: null });
    const children: Content[] = [];
    for (const code of ['linkedin_post', 'instagram_reel', 'whatsapp_broadcast']) {
      api.dataApiCalls.length = 0;
      const child = await api.request<Content>('POST', `/v1/mkt/content/${piece.content_code}/repurpose`, {
        as: 'marketer',
        body: { content_type_id: types[code], ...(code === 'linkedin_post' ? { title: 'Occupancy up 33 points', summary: null } : {}) },
      });
      expect(child.status).toBe(201);
      expect(api.dataApiCalls).toEqual(['Execute']);
      expect(child.body).toMatchObject({ content_role: 'repurposed', parent_content_id: piece.id, pillar_id: pillar.id });
      children.push(child.body);
    }
    // Left out, a field is copied from the master; given (even as null), it is the child's own.
    expect(children[0]).toMatchObject({ title: 'Occupancy up 33 points', summary: null });
    expect(children[1]).toMatchObject({ title: 'How we raised occupancy', summary: 'The long read' });
    const linkedin = await idByCode(api.db.pool, 'mkt_channels', 'linkedin');
    const slot = await api.request('POST', '/v1/mkt/schedule', {
      as: 'marketer',
      body: { content_id: children[0]!.id, channel_id: linkedin, scheduled_for: '2026-07-01T09:00:00Z' },
    });
    expect(slot.status).toBe(201);
    for (const from of [piece.id, children[2]!.content_code]) {
      api.dataApiCalls.length = 0;
      const tree = await api.request<Tree>('GET', `/v1/mkt/content/${from}/tree`, { as: 'viewer' });
      expect(api.dataApiCalls).toEqual(['Execute']);
      expect(tree.status).toBe(200);
      expect(tree.body).toMatchObject({ id: piece.id, content_role: 'master', content_type_code: 'blog_article', pillar_id: pillar.id, truncated: false });
      expect(tree.body.repurposed.map((n) => [n.content_code, n.content_type_code, n.channel_codes])).toEqual([
        [children[0]!.content_code, 'linkedin_post', ['linkedin']],
        [children[1]!.content_code, 'instagram_reel', []],
        [children[2]!.content_code, 'whatsapp_broadcast', []],
      ]);
    }
  });

  it('refuses a type the pillar does not allow with 409 naming the field, writing nothing', async () => {
    const pillar = await pillarAllowing('linkedin_post');
    const piece = await master(pillar.id);
    const before = await contentCount();
    const refused = await api.request<Problem>('POST', `/v1/mkt/content/${piece.id}/repurpose`, { as: 'marketer', body: { content_type_id: types.podcast_episode } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(pillar.pillar_code);
    expect(refused.body.errors?.map((e) => e.path)).toEqual(['body.content_type_id']);
    expect(await contentCount()).toBe(before);
  });

  it('refuses to repurpose a repurposed piece (409), an unknown master (404) and a bad body (422)', async () => {
    const pillar = await pillarAllowing('linkedin_post');
    const piece = await master(pillar.id);
    const child = await api.request<Content>('POST', `/v1/mkt/content/${piece.id}/repurpose`, { as: 'marketer', body: { content_type_id: types.linkedin_post } });
    const nested = await api.request('POST', `/v1/mkt/content/${child.body.id}/repurpose`, { as: 'marketer', body: { content_type_id: types.linkedin_post } });
    expect(nested.status).toBe(409);
    expect((await api.request('POST', '/v1/mkt/content/MCON-999999/repurpose', { as: 'marketer', body: { content_type_id: types.linkedin_post } })).status).toBe(404);
    const bad = await api.request<Problem>('POST', `/v1/mkt/content/${piece.id}/repurpose`, { as: 'marketer', body: { language: 'English', parent_content_id: piece.id } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.content_type_id', 'body.language', 'body.parent_content_id']);
    expect((await api.request('GET', '/v1/mkt/content/MCON-999999/tree')).status).toBe(404);
  });

  it('keeps role and parent out of content writes, and a master with pieces cannot be deleted (409)', async () => {
    const pillar = await pillarAllowing('linkedin_post');
    const piece = await master(pillar.id);
    await api.request('POST', `/v1/mkt/content/${piece.id}/repurpose`, { as: 'marketer', body: { content_type_id: types.linkedin_post } });
    const patch = await api.request<Problem>('PATCH', `/v1/mkt/content/${piece.id}`, { as: 'marketer', body: { content_role: 'repurposed' } });
    expect(patch.body.errors?.map((e) => e.path)).toEqual(['body.content_role']);
    const removed = await api.request<Problem>('DELETE', `/v1/mkt/content/${piece.id}`);
    expect(removed.status).toBe(409);
  });
});
