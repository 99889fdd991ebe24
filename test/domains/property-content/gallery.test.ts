/**
 * The gallery at sizes the old API could not serve: keyset pages (limit,
 * cursor; same problem+json errors as every list), per-channel pages, moves
 * relative to neighbours in galleries of any size (gaps, renumbering, 422s
 * that change nothing, concurrent batches serialised per property), and the
 * refusal to attach an asset whose upload is processing or refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Attachment = { id: string; library_asset_id: string; display_order: number | null; asset: { asset_id: string } };

let api: TestApi;

async function property(name: string, size: number, order: (n: number) => string = (n) => String(n)): Promise<{ id: string; assets: string[] }> {
  const { rows } = await api.db.pool.query<{ id: string }>('INSERT INTO property.properties (name) VALUES ($1) RETURNING id', [name]);
  const id = rows[0]!.id;
  const assets = await api.db.pool.query<{ id: string }>(
    `INSERT INTO marketing.content_library (filename, asset_type, file_url)
     SELECT $1 || '-' || n || '.jpg', 'image', 's3://test-content-library/assets/' || $1 || n FROM generate_series(1, $2::int) n
     RETURNING id`,
    [name, size],
  );
  const ids = assets.rows.map((r) => r.id);
  // Attached straight in the database: the point is the size, not the attach route.
  await api.db.pool.query(
    `INSERT INTO marketing.property_content (property_id, library_asset_id, display_order)
     SELECT $1, a, CAST(o AS integer) FROM unnest($2::uuid[], $3::text[]) AS x(a, o)`,
    [id, ids, ids.map((_, i) => order(i))],
  );
  return { id, assets: ids };
}

/** The gallery as the database orders it. */
async function order(propertyId: string): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ library_asset_id: string }>(
    'SELECT library_asset_id FROM marketing.property_content WHERE property_id = $1 ORDER BY display_order ASC NULLS LAST, id ASC',
    [propertyId],
  );
  return rows.map((r) => r.library_asset_id);
}

async function readAll(propertyId: string, query = ''): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const path: string = `/v1/properties/${propertyId}/assets?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { status: number; body: Page<Attachment> } = await api.request<Page<Attachment>>('GET', path, { as: 'viewer' });
    expect(page.status).toBe(200);
    ids.push(...page.body.data.map((a) => a.library_asset_id));
    cursor = page.body.next_cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

const move = (propertyId: string, moves: unknown[]) =>
  api.request<{ data: Attachment[]; renumbered: boolean } & Problem>('POST', `/v1/properties/${propertyId}/assets/moves`, { as: 'marketer', body: { moves } });

beforeAll(async () => {
  api = await startTestApi({ s3: true });
});
afterAll(async () => {
  await api.stop();
});

describe('the gallery list', () => {
  it('pages a 1,500-asset gallery in display order without gaps or repeats, one statement per page', async () => {
    const big = await property('big', 1500, (n) => String(1500 - n));
    const first = await api.request<Page<Attachment>>('GET', `/v1/properties/${big.id}/assets`, { as: 'viewer' });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(50);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    api.dataApiCalls.length = 0;
    const all = await readAll(big.id);
    expect(all.pages).toBe(8);
    expect(api.dataApiCalls).toHaveLength(8);
    expect(all.ids).toEqual(await order(big.id));
    expect(all.ids).toEqual([...big.assets].reverse());
  });

  it('pages in a channel order, and refuses a cursor of another channel or a bad limit with 422 problem+json', async () => {
    const p = await property('channels', 7);
    // airbnb positions for the first four assets only (the rest are unlisted: last, then display order).
    for (const [i, pos] of [[0, 4], [1, 3], [2, 2], [3, 1]] as const) {
      await api.db.pool.query(`UPDATE marketing.property_content SET channel_orders = jsonb_build_object('airbnb', $1::int) WHERE library_asset_id = $2`, [pos, p.assets[i]]);
    }
    const expected = [p.assets[3], p.assets[2], p.assets[1], p.assets[0], p.assets[4], p.assets[5], p.assets[6]];
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/properties/${p.id}/assets?channel=airbnb&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { body: Page<Attachment> } = await api.request<Page<Attachment>>('GET', path, { as: 'viewer' });
      expect(Object.keys(page.body.data[0]!)).not.toContain('airbnb_position');
      ids.push(...page.body.data.map((a) => a.library_asset_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(ids).toEqual(expected);

    const airbnb = await api.request<Page<Attachment>>('GET', `/v1/properties/${p.id}/assets?channel=airbnb&limit=2`, { as: 'viewer' });
    const other = await api.request<Problem>(
      'GET',
      `/v1/properties/${p.id}/assets?channel=vrbo&cursor=${encodeURIComponent(airbnb.body.next_cursor!)}`,
      { as: 'viewer' },
    );
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(other.body.errors?.map((e) => e.path)).toEqual(['query.cursor']);
    const bad = await api.request<Problem>('GET', `/v1/properties/${p.id}/assets?limit=5000&colour=red`, { as: 'viewer' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit']);
    const tampered = await api.request<Problem>('GET', `/v1/properties/${p.id}/assets?cursor=abc.def`, { as: 'viewer' });
    expect(tampered.status).toBe(422);
    expect((await api.request('GET', '/v1/properties/0190a5f0-0000-7000-8000-000000000000/assets?limit=5', { as: 'viewer' })).status).toBe(404);
  });
});

describe('moves relative to neighbours', () => {
  it('moves in a 1,500-asset gallery: into a gap writes only the moved row, a tight spot renumbers in order', async () => {
    const big = await property('movable', 1500);
    const a = big.assets;
    // Dense display orders 0..1499: no room before a[1] (after a[0]); the gallery is renumbered.
    const first = await move(big.id, [{ asset_id: a[1499], after: a[0] }]);
    expect(first.status).toBe(200);
    expect(first.body.renumbered).toBe(true);
    const expected = [a[0]!, a[1499]!, ...a.slice(1, 1499)];
    expect(await order(big.id)).toEqual(expected);
    expect((await readAll(big.id)).ids).toEqual(expected);

    // Now there are gaps: a move writes one row only (the others' display_order and ETags stay).
    const before = (await api.db.pool.query('SELECT id, display_order FROM marketing.property_content WHERE property_id = $1 ORDER BY id', [big.id])).rows;
    const second = await move(big.id, [
      { asset_id: a[10], before: a[0] },
      { asset_id: a[20], before: a[0] },
      { asset_id: a[30], after: a[1499] },
    ]);
    expect(second.status).toBe(200);
    expect(second.body.renumbered).toBe(false);
    expect(second.body.data.map((x) => x.library_asset_id)).toEqual([a[10], a[20], a[30]]);
    const after = (await api.db.pool.query('SELECT id, display_order FROM marketing.property_content WHERE property_id = $1 ORDER BY id', [big.id])).rows;
    expect(after.filter((row, i) => row.display_order !== before[i]!.display_order)).toHaveLength(3);
    const now = await order(big.id);
    expect(now.slice(0, 5)).toEqual([a[10], a[20], a[0], a[1499], a[30]]);
    expect(now).toHaveLength(1500);
    expect(new Set(now).size).toBe(1500);
  });

  it('refuses a bad batch with 422 naming each move, changing nothing', async () => {
    const p = await property('bad-moves', 4);
    const a = p.assets;
    const { rows: [outside] } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('x.jpg', 'image', 's3://b/k') RETURNING id`,
    );
    const snapshot = async () => (await api.db.pool.query('SELECT * FROM marketing.property_content WHERE property_id = $1 ORDER BY id', [p.id])).rows;
    const before = await snapshot();
    const wrong = await move(p.id, [
      { asset_id: outside!.id, before: a[0] },
      { asset_id: a[1], after: a[1] },
      { asset_id: a[2], after: a[3] },
      { asset_id: a[3], after: a[0] },
      { asset_id: a[2], before: a[0] },
    ]);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { path: 'body.moves[0].asset_id', message: 'is not attached to this property' },
      { path: 'body.moves[1].after', message: 'names the asset being moved' },
      { path: 'body.moves[2].after', message: 'is moved in this batch (body.moves[3]); anchor on an asset that stays' },
      { path: 'body.moves[4].asset_id', message: 'is moved by an earlier move of this batch too (body.moves[2])' },
    ]);
    const shape = await move(p.id, [{ asset_id: a[0], before: a[1], after: a[2] }, { asset_id: a[1] }]);
    expect(shape.status).toBe(422);
    expect(shape.body.errors?.map((e) => e.path)).toEqual(['body.moves[0].after', 'body.moves[1].before']);
    expect((await move(p.id, [])).status).toBe(422);
    expect((await move(p.id, Array.from({ length: 101 }, () => ({ asset_id: a[0], before: a[1] })))).status).toBe(422);
    expect(await snapshot()).toEqual(before);
    expect((await move('0190a5f0-0000-7000-8000-000000000000', [{ asset_id: a[0], before: a[1] }])).status).toBe(404);
    const viewer = await api.request('POST', `/v1/properties/${p.id}/assets/moves`, { as: 'viewer', body: { moves: [{ asset_id: a[0], before: a[1] }] } });
    expect(viewer.status).toBe(403);
  });

  it('serialises concurrent batches on one property: every move lands, positions stay distinct, no 5xx', async () => {
    const p = await property('raced', 40);
    const a = p.assets;
    // Twenty single moves at once, each to the front of a different neighbour that nobody moves.
    const anchors = a.slice(20);
    const responses = await Promise.all(a.slice(0, 20).map((asset, i) => move(p.id, [{ asset_id: asset, before: anchors[i] }])));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const now = await order(p.id);
    expect(now.slice(20)).toHaveLength(20);
    // Each moved asset sits immediately before its anchor.
    a.slice(0, 20).forEach((asset, i) => expect(now[now.indexOf(anchors[i]!) - 1]).toBe(asset));
    const { rows } = await api.db.pool.query<{ n: number; d: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT display_order)::int AS d FROM marketing.property_content WHERE property_id = $1',
      [p.id],
    );
    expect(rows[0]).toEqual({ n: 40, d: 40 });
  });
});

describe('attaching', () => {
  it('refuses an asset whose upload is processing or refused (409 saying why), and attaches an active one', async () => {
    const p = await property('attach-status', 0);
    const { rows } = await api.db.pool.query<{ id: string; status: string }>(
      `INSERT INTO marketing.content_library (filename, asset_type, file_url, status)
       VALUES ('a.jpg', 'image', 's3://b/a', 'processing'), ('b.jpg', 'image', 's3://b/b', 'error'), ('c.jpg', 'image', 's3://b/c', 'archived')
       RETURNING id, status`,
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.id]));
    for (const status of ['processing', 'error']) {
      const refused = await api.request<Problem>('POST', `/v1/properties/${p.id}/assets`, { as: 'marketer', body: { asset_id: byStatus[status], is_hero: true } });
      expect(refused.status, status).toBe(409);
      expect(refused.body.errors).toEqual([{ path: 'body.asset_id', message: expect.stringMatching(new RegExp(`^Is ${status}: `)) }]);
    }
    expect((await api.db.pool.query('SELECT 1 FROM marketing.property_content WHERE property_id = $1', [p.id])).rowCount).toBe(0);
    expect((await api.request('POST', `/v1/properties/${p.id}/assets`, { as: 'marketer', body: { asset_id: byStatus.archived } })).status).toBe(201);
  });
});
