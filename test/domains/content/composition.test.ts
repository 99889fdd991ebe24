/**
 * Content composition (content_components as a tree) and usage records
 * (content_usage) through the API on a real migrated database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Content = { id: string; content_id: string; title: string };
type Component = { id: string; parent_content_id: string; component_content_id: string | null; component_asset_id: string | null; position: number };
type Node = {
  id: string;
  component_type: string | null;
  position: number | null;
  content: { content_id: string; title: string } | null;
  asset: { asset_id: string; filename: string } | null;
  cycle: boolean;
  truncated: boolean;
  components: Node[];
};
type Tree = { content_id: string; components: Node[] };
type Usage = { id: string; content_id: string | null; library_asset_id: string | null; usage_type: string; usage_id: string };

let api: TestApi;
let assetId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('pool.jpg', 'image', 's3://bucket/pool.jpg') RETURNING id`,
  );
  assetId = rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function createContent(title: string): Promise<Content> {
  const response = await api.request<Content>('POST', '/v1/content', { as: 'marketer', body: { title, content_type: 'landing' } });
  expect(response.status).toBe(201);
  return response.body;
}

async function addComponent(parent: string, body: Record<string, unknown>) {
  return api.request<Component & Problem>('POST', `/v1/content/${parent}/components`, { as: 'marketer', body });
}

/** `title@position` of each node, children in brackets: a compact picture of the tree. */
function sketch(nodes: Node[]): string {
  return nodes
    .map((n) => {
      const name = n.content?.title ?? n.asset?.filename ?? '?';
      const flags = `${n.cycle ? '!cycle' : ''}${n.truncated ? '!more' : ''}`;
      return `${name}@${n.position}${flags}${n.components.length ? `[${sketch(n.components)}]` : ''}`;
    })
    .join(' ');
}

describe('content components', () => {
  it('returns the composition as an ordered tree through child content, shared children under each parent', async () => {
    const [page, hero, body, footer, cta] = await Promise.all(['Page', 'Hero', 'Body', 'Footer', 'CTA'].map(createContent));
    const first = await addComponent(page!.content_id, { component_content_id: body!.id, component_type: 'body', position: 2 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ parent_content_id: page!.id, component_content_id: body!.id, position: 2 });
    expect((await addComponent(page!.id, { component_content_id: hero!.id, component_type: 'header', position: 1 })).status).toBe(201);
    // No position: after the last sibling.
    // By business ID too: read back as the uuid.
    const appended = await addComponent(page!.id, { component_content_id: footer!.content_id });
    expect(appended.body.position).toBe(3);
    expect(appended.body.component_content_id).toBe(footer!.id);
    await addComponent(hero!.id, { component_asset_id: assetId, component_type: 'image' });
    await addComponent(body!.id, { component_content_id: cta!.id });
    await addComponent(footer!.id, { component_content_id: cta!.id });

    const tree = await api.request<Tree>('GET', `/v1/content/${page!.content_id}/components`, { as: 'viewer' });
    expect(tree.status).toBe(200);
    expect(tree.body.content_id).toBe(page!.id);
    expect(sketch(tree.body.components)).toBe('Hero@1[pool.jpg@1] Body@2[CTA@1] Footer@3[CTA@1]');
    expect(tree.body.components[0]!.components[0]!.asset).toMatchObject({ filename: 'pool.jpg', asset_id: expect.stringMatching(/^ASSET-/) });
    expect(tree.body.components[1]!.content).toMatchObject({ content_id: body!.content_id, title: 'Body' });

    const shallow = await api.request<Tree>('GET', `/v1/content/${page!.id}/components?max_depth=1`, { as: 'viewer' });
    expect(sketch(shallow.body.components)).toBe('Hero@1!more Body@2!more Footer@3!more');
    const leaf = await api.request<Tree>('GET', `/v1/content/${cta!.id}/components`, { as: 'viewer' });
    expect(leaf.body).toEqual({ content_id: cta!.id, components: [] });
  });

  it('refuses a component that would make a cycle (409), and the tree survives a cycle made behind the API', async () => {
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map(createContent));
    await addComponent(a!.id, { component_content_id: b!.id });
    await addComponent(b!.id, { component_content_id: c!.id });
    for (const [parent, child] of [
      [c!, a!],
      [a!, a!],
      [b!, a!],
    ] as const) {
      const response = await addComponent(parent.id, { component_content_id: child.id });
      expect(response.status).toBe(409);
      expect(response.body.errors?.[0]?.path).toBe('body.component_content_id');
    }
    // A cycle that got in anyway (an import with triggers off, data from before the
    // commit-time check) must not hang the tree query.
    const client = await api.db.pool.connect();
    try {
      await client.query("SET session_replication_role = 'replica'"); // triggers off, as a bulk import might
      await client.query('INSERT INTO marketing.content_components (parent_content_id, component_content_id, position) VALUES ($1, $2, 1)', [
        c!.id,
        a!.id,
      ]);
    } finally {
      await client.query("SET session_replication_role = 'origin'");
      client.release();
    }
    const tree = await api.request<Tree>('GET', `/v1/content/${a!.id}/components`, { as: 'viewer' });
    expect(tree.status).toBe(200);
    expect(sketch(tree.body.components)).toBe('B@1[C@1[A@1!cycle]]');
  });

  it('removes one component (marketer), 404s unknown ones, and validates the body', async () => {
    const [parent, child] = await Promise.all(['Parent', 'Child'].map(createContent));
    const component = (await addComponent(parent!.id, { component_content_id: child!.id })).body;
    const other = await createContent('Other');
    expect((await api.request('DELETE', `/v1/content/${other.id}/components/${component.id}`, { as: 'marketer' })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/content/${parent!.id}/components/${component.id}`, { as: 'viewer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/content/${parent!.id}/components/${component.id}`, { as: 'marketer' })).status).toBe(204);
    expect((await api.request('DELETE', `/v1/content/${parent!.id}/components/${component.id}`, { as: 'marketer' })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/content/CON-999999/components/${component.id}`, { as: 'marketer' })).status).toBe(404);
    expect((await api.request<Tree>('GET', `/v1/content/${parent!.id}/components`)).body.components).toEqual([]);

    const both = await addComponent(parent!.id, { component_content_id: child!.id, component_asset_id: assetId });
    expect(both.status).toBe(422);
    expect(both.body.errors?.map((e) => e.path)).toEqual(['body.component_content_id']);
    const neither = await addComponent(parent!.id, { position: 1 });
    expect(neither.status).toBe(422);
    const badTypes = await addComponent(parent!.id, { component_content_id: 'nope', position: -1, size: 3 });
    expect(badTypes.status).toBe(422);
    expect(badTypes.body.errors?.map((e) => e.path).sort()).toEqual(['body.component_content_id', 'body.position', 'body.size']);
    // A component is named by uuid or business ID; one that names no row is a 422 naming the field.
    const unknownChild = await addComponent(parent!.id, { component_content_id: '0190a5f0-0000-7000-8000-000000000009' });
    expect(unknownChild.status).toBe(422);
    expect(unknownChild.body.errors?.map((e) => e.path)).toEqual(['body.component_content_id']);
    const unknownAsset = await addComponent(parent!.id, { component_asset_id: 'ASSET-999999' });
    expect(unknownAsset.status).toBe(422);
    expect(unknownAsset.body.errors?.map((e) => e.path)).toEqual(['body.component_asset_id']);
    expect((await addComponent('CON-999999', { component_content_id: child!.id })).status).toBe(404);
    expect((await api.request('GET', '/v1/content/CON-999999/components')).status).toBe(404);
    expect((await api.request<Problem>('GET', `/v1/content/${parent!.id}/components?max_depth=99`)).status).toBe(422);
  });

  it('caps position at 1,000,000 (422) and appends after a huge position without integer overflow', async () => {
    const [parent, a, b] = await Promise.all(['Long page', 'Part A', 'Part B'].map(createContent));
    const tooFar = await addComponent(parent!.id, { component_content_id: a!.id, position: 1_000_001 });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.errors?.map((e) => e.path)).toContain('body.position');
    expect((await addComponent(parent!.id, { component_content_id: a!.id, position: 1_000_000 })).status).toBe(201);
    expect((await addComponent(parent!.id, { component_content_id: b!.id })).body.position).toBe(1_000_001);
    // A position at the integer limit written behind the API: the next append stays within integer range.
    await api.db.pool.query(`UPDATE marketing.content_components SET position = 2147483647 WHERE parent_content_id = $1`, [parent!.id]);
    const appended = await addComponent(parent!.id, { component_content_id: b!.id });
    expect(appended.status).toBe(201);
    expect(appended.body.position).toBe(2147483647);
  });

  it('serves each component route with exactly one Data API call', async () => {
    const [parent, child] = await Promise.all(['Counted parent', 'Counted child'].map(createContent));
    const count = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id: string }>(method, path, { as: 'marketer', body });
      expect(response.status).toBeLessThan(300);
      expect(api.dataApiCalls).toEqual(['Execute']);
      return response.body;
    };
    const component = await count('POST', `/v1/content/${parent!.id}/components`, { component_content_id: child!.id });
    await count('GET', `/v1/content/${parent!.id}/components`);
    await count('DELETE', `/v1/content/${parent!.id}/components/${component.id}`);
  });
});

describe('content usage', () => {
  const campaign = '0190a5f0-0000-7000-8000-00000000c001';

  it('records where content and assets are used, lists with filters and pages, and deletes (admin only)', async () => {
    const piece = await createContent('Used piece');
    const record = (body: Record<string, unknown>) => api.request<Usage & Problem>('POST', '/v1/content-usage', { as: 'marketer', body });
    const used = await record({ content_id: piece.id, usage_type: 'campaign', usage_id: campaign, usage_context: 'hero banner' });
    expect(used.status).toBe(201);
    expect(used.body).toMatchObject({ content_id: piece.id, library_asset_id: null, usage_type: 'campaign', usage_id: campaign });
    expect((await record({ library_asset_id: assetId, usage_type: 'website', usage_id: campaign })).status).toBe(201);
    expect((await record({ content_id: piece.id, library_asset_id: assetId, usage_type: 'email', usage_id: campaign })).status).toBe(201);
    for (let i = 0; i < 6; i++) {
      expect((await record({ content_id: piece.id, usage_type: 'social_post', usage_id: `0190a5f0-0000-7000-8000-00000000d00${i}` })).status).toBe(201);
    }

    const list = async (query: string) => (await api.request<Page<Usage>>('GET', `/v1/content-usage?limit=200&${query}`, { as: 'viewer' })).body.data;
    expect(await list(`content_id=eq.${piece.id}`)).toHaveLength(8);
    expect((await list(`library_asset_id=eq.${assetId}`)).map((u) => u.usage_type).sort()).toEqual(['email', 'website']);
    expect(await list('usage_type=eq.social_post')).toHaveLength(6);
    expect(await list(`usage_id=eq.${campaign}&usage_type=in.(campaign,email)`)).toHaveLength(2);

    const expected = (await api.db.pool.query<{ id: string }>('SELECT id FROM marketing.content_usage ORDER BY id DESC')).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/content-usage?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { body: Page<Usage> } = await api.request<Page<Usage>>('GET', path, { as: 'viewer' });
      seen.push(...page.body.data.map((u) => u.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    expect((await api.request('GET', `/v1/content-usage/${used.body.id}`, { as: 'viewer' })).status).toBe(200);
    expect((await api.request('DELETE', `/v1/content-usage/${used.body.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/content-usage/${used.body.id}`, { as: 'admin', headers: { 'if-match': '"v.c3RhbGU"' } })).status).toBe(412);
    expect((await api.request('DELETE', `/v1/content-usage/${used.body.id}`, { as: 'admin' })).status).toBe(204);
    expect((await api.request('GET', `/v1/content-usage/${used.body.id}`, { as: 'viewer' })).status).toBe(404);
    // Append-style: no route edits a usage record.
    expect([404, 405]).toContain((await api.request('PATCH', `/v1/content-usage/${used.body.id}`, { body: { usage_type: 'x' } })).status);
  });

  it('requires content_id or library_asset_id, in zod and in the database CHECK alike', async () => {
    const before = (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_usage')).rows[0]!.n;
    const neither = await api.request<Problem>('POST', '/v1/content-usage', { as: 'marketer', body: { usage_type: 'campaign', usage_id: campaign } });
    expect(neither.status).toBe(422);
    expect(neither.body.errors?.map((e) => e.path)).toEqual(['body.content_id']);
    // The database holds the same rule for writers that bypass the API.
    await expect(
      api.db.pool.query(`INSERT INTO marketing.content_usage (usage_type, usage_id) VALUES ('campaign', $1)`, [campaign]),
    ).rejects.toMatchObject({ code: '23514', constraint: 'content_usage_content_or_asset_check' });
    const bad = await api.request<Problem>('POST', '/v1/content-usage', {
      as: 'marketer',
      body: { content_id: 'x', usage_type: 'Social Post', usage_id: 7, extra: true },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.content_id', 'body.extra', 'body.usage_id', 'body.usage_type']);
    const ghost = await api.request<Problem>('POST', '/v1/content-usage', {
      as: 'marketer',
      body: { content_id: '0190a5f0-0000-7000-8000-000000000009', usage_type: 'campaign', usage_id: campaign },
    });
    // An unknown reference (uuid or business ID) is a 422 naming the field, resolved in the writing statement.
    expect(ghost.status).toBe(422);
    expect(ghost.body.errors?.map((e) => e.path)).toEqual(['body.content_id']);
    expect((await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_usage')).rows[0]!.n).toBe(before);
    expect((await api.request('GET', '/v1/content-usage/0190a5f0-0000-7000-8000-000000000009')).status).toBe(404);
  });

  it('serves each usage route with exactly one Data API call', async () => {
    const piece = await createContent('Counted usage');
    const count = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id: string }>(method, path, { as: 'admin', body });
      expect(response.status).toBeLessThan(300);
      expect(api.dataApiCalls).toEqual(['Execute']);
      return response.body;
    };
    const usage = await count('POST', '/v1/content-usage', { content_id: piece.id, usage_type: 'email', usage_id: campaign });
    await count('GET', `/v1/content-usage/${usage.id}`);
    await count('GET', `/v1/content-usage?content_id=eq.${piece.id}`);
    await count('DELETE', `/v1/content-usage/${usage.id}`);
  });
});
