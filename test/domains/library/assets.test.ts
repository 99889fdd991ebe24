/**
 * The asset library routes over a real database: read by uuid or business ID,
 * PATCH of descriptive fields only (If-Match, 412), validation (422 with field
 * paths), search filters (tags/ai_tags cs./ov., type, orientation, status,
 * created_at), paging without gaps, and one Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Asset = { id: string; asset_id: string; filename: string; tags: string[] | null; status: string; alt_text: string | null; focal_point: unknown };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ s3: true });
  // Library rows as the upload + ingest would leave them (S3 is not needed to read and search them).
  const types = ['image', 'image', 'video', 'image', 'pdf', 'image', 'image', 'audio', 'image', 'image', 'image', 'document'];
  for (const [i, type] of types.entries()) {
    await api.db.pool.query(
      `INSERT INTO marketing.content_library (filename, asset_type, mime_type, file_url, tags, ai_tags, orientation, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        `seed-${String(i).padStart(2, '0')}.bin`,
        type,
        type === 'image' ? 'image/jpeg' : null,
        `s3://test-content-library/uploads/seed-${i}`,
        i % 3 === 0 ? ['pool', 'summer'] : i % 3 === 1 ? ['pool'] : ['winter'],
        i % 2 === 0 ? ['sea view'] : null,
        type === 'image' ? (i % 2 ? 'portrait' : 'landscape') : null,
        i === 11 ? 'archived' : 'active',
        new Date(Date.UTC(2025, 0, 1 + i)),
      ],
    );
  }
});
afterAll(async () => {
  await api.stop();
});

async function firstAsset(): Promise<Asset> {
  const { body } = await api.request<Page<Asset>>('GET', '/v1/assets?order=asset_id.asc&limit=1', { as: 'viewer' });
  return body.data[0]!;
}

describe('assets', () => {
  it('reads by uuid or business ID with the same ETag, and 404s unknown or malformed ids', async () => {
    const a = await firstAsset();
    const byId = await api.request<Asset>('GET', `/v1/assets/${a.id}`, { as: 'viewer' });
    const byBusinessId = await api.request<Asset>('GET', `/v1/assets/${a.asset_id}`, { as: 'viewer' });
    expect(byId.status).toBe(200);
    expect(byBusinessId.body).toEqual(byId.body);
    expect(byId.headers.get('etag')).toBe(byBusinessId.headers.get('etag'));
    for (const id of ['0190a5f0-0000-7000-8000-000000000000', 'ASSET-999999', 'nope']) {
      for (const path of [`/v1/assets/${id}`, `/v1/assets/${id}/download`, `/v1/assets/${id}/ingest-events`]) {
        expect((await api.request('GET', path, { as: 'viewer' })).status, path).toBe(404);
      }
    }
  });

  it('changes descriptive fields with If-Match and refuses a stale ETag with 412', async () => {
    const a = await firstAsset();
    const etag = (await api.request('GET', `/v1/assets/${a.id}`)).headers.get('etag')!;
    const changed = await api.request<Asset>('PATCH', `/v1/assets/${a.asset_id}`, {
      as: 'marketer',
      body: { alt_text: 'Pool at sunset', tags: ['pool', 'sunset, golden hour'], focal_point: { x: 0.25, y: 0.6 } },
      headers: { 'if-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ alt_text: 'Pool at sunset', tags: ['pool', 'sunset, golden hour'], focal_point: { x: 0.25, y: 0.6 } });
    const stale = await api.request<Problem>('PATCH', `/v1/assets/${a.id}`, { as: 'marketer', body: { alt_text: 'lost' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request<Asset>('GET', `/v1/assets/${a.id}`)).body.alt_text).toBe('Pool at sunset');
    expect((await api.request('DELETE', `/v1/assets/${a.id}`, { as: 'admin', headers: { 'if-match': etag } })).status).toBe(412);
  });

  it('refuses file facts, status and bad values in PATCH with 422 and field paths, changing nothing', async () => {
    const a = await firstAsset();
    const before = await api.request('GET', `/v1/assets/${a.id}`);
    const response = await api.request<Problem>('PATCH', `/v1/assets/${a.id}`, {
      as: 'marketer',
      body: {
        status: 'active',
        file_url: 's3://x/y',
        mime_type: 'image/png',
        focal_point: { x: 2, y: 0 },
        color_palette: ['blue'],
        tags: 'pool',
        thumbnail_url: 'javascript:alert(1)',
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual([
      'body.color_palette[0]',
      'body.file_url',
      'body.focal_point.x',
      'body.mime_type',
      'body.status',
      'body.tags',
      'body.thumbnail_url',
    ]);
    expect((await api.request<Problem>('PATCH', `/v1/assets/${a.id}`, { as: 'marketer', body: {} })).status).toBe(422);
    expect((await api.request('PATCH', `/v1/assets/${a.id}`, { as: 'viewer', body: { alt_text: 'x' } })).status).toBe(403);
    const after = await api.request('GET', `/v1/assets/${a.id}`);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('pages through every asset without gaps or repeats', async () => {
    const expected = (await api.db.pool.query<{ id: string }>('SELECT id FROM marketing.content_library ORDER BY id DESC')).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/v1/assets?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: Page<Asset> } = await api.request<Page<Asset>>('GET', path, { as: 'viewer' });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((a) => a.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(expected);
  });

  it('filters by tags and ai_tags (cs./ov.), type, orientation, status and created_at', async () => {
    const count = async (query: string): Promise<number> => {
      const response = await api.request<Page<Asset>>('GET', `/v1/assets?limit=200&${query}`, { as: 'viewer' });
      expect(response.status, query).toBe(200);
      return response.body.data.length;
    };
    const sql = async (where: string): Promise<number> =>
      (await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM marketing.content_library WHERE ${where}`)).rows[0]!.n;
    expect(await count('tags=cs.{pool,summer}')).toBe(await sql(`tags @> '{pool,summer}'`));
    expect(await count('tags=cs.{pool}')).toBe(await sql(`tags @> '{pool}'`));
    expect(await count('tags=ov.{summer,winter}')).toBe(await sql(`tags && '{summer,winter}'`));
    expect(await count('ai_tags=cs.{"sea view"}')).toBe(6);
    expect(await count('asset_type=eq.image&orientation=eq.portrait')).toBe(await sql(`asset_type = 'image' AND orientation = 'portrait'`));
    expect(await count('asset_type=in.(video,audio)')).toBe(2);
    expect(await count('status=eq.archived')).toBe(1);
    expect(await count('created_at=gte.2025-01-10&created_at=lt.2025-01-12')).toBe(2);
    // Sanity: the filters are not trivially "everything".
    expect(await sql(`tags @> '{pool}'`)).toBeLessThan(await sql('true'));
    const ordered = await api.request<Page<Asset & { asset_type: string }>>('GET', '/v1/assets?order=asset_type.asc&limit=200', { as: 'viewer' });
    const typesInOrder = ordered.body.data.map((a) => a.asset_type);
    expect(typesInOrder).toEqual([...typesInOrder].sort());
    const unknown = await api.request<Problem>('GET', '/v1/assets?colour=red', { as: 'viewer' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.map((e) => e.path)).toEqual(['query.colour']);
    const wrongOperator = await api.request<Problem>('GET', '/v1/assets?tags=eq.pool&created_at=gte.yesterday', { as: 'viewer' });
    expect(wrongOperator.status).toBe(422);
    expect(wrongOperator.body.errors?.map((e) => e.path).sort()).toEqual(['query.created_at', 'query.tags']);
  });

  it('serves list, get, PATCH and DELETE with exactly one Data API call each', async () => {
    const a = await firstAsset();
    const calls = async (method: string, path: string, body?: unknown): Promise<string[]> => {
      api.dataApiCalls.length = 0;
      const response = await api.request(method, path, { as: 'admin', body });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      return [...api.dataApiCalls];
    };
    expect(await calls('GET', '/v1/assets?tags=cs.{pool}')).toEqual(['Execute']);
    expect(await calls('GET', `/v1/assets/${a.id}`)).toEqual(['Execute']);
    expect(await calls('PATCH', `/v1/assets/${a.id}`, { caption: 'Counted' })).toEqual(['Execute']);
    expect(await calls('GET', `/v1/assets/${a.id}/ingest-events`)).toEqual(['Execute']);
    expect(await calls('DELETE', `/v1/assets/${a.id}`)).toEqual(['Execute']);
  });
});
