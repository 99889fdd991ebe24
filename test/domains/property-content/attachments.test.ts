/**
 * Property content: attaching library assets to a property, the one-hero rule,
 * per-channel order, reorder of the whole gallery in one statement (and the
 * 422 that changes nothing), ETags, and one Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Attachment = {
  id: string;
  property_id: string;
  library_asset_id: string;
  display_order: number | null;
  is_hero: boolean | null;
  channel_orders: Record<string, number> | null;
  room_type: string | null;
  status: string | null;
  asset: { asset_id: string; filename: string };
};

let api: TestApi;
let assets: Array<{ id: string; asset_id: string }>;

async function newProperty(name: string): Promise<string> {
  const { rows } = await api.db.pool.query<{ id: string }>('INSERT INTO property.properties (name) VALUES ($1) RETURNING id', [name]);
  return rows[0]!.id;
}

beforeAll(async () => {
  api = await startTestApi({ s3: true });
  const { rows } = await api.db.pool.query<{ id: string; asset_id: string }>(
    `INSERT INTO marketing.content_library (filename, asset_type, file_url)
     SELECT 'photo-' || n || '.jpg', 'image', 's3://test-content-library/uploads/p' || n FROM generate_series(1, 6) n
     RETURNING id, asset_id`,
  );
  assets = rows;
});
afterAll(async () => {
  await api.stop();
});

const attach = (propertyId: string, body: Record<string, unknown>) =>
  api.request<Attachment & Problem>('POST', `/v1/properties/${propertyId}/assets`, { as: 'marketer', body });

const list = async (propertyId: string, query = ''): Promise<Attachment[]> => {
  const response = await api.request<{ data: Attachment[] }>('GET', `/v1/properties/${propertyId}/assets${query}`, { as: 'viewer' });
  expect(response.status).toBe(200);
  return response.body.data;
};

const heroes = async (propertyId: string): Promise<string[]> =>
  (
    await api.db.pool.query<{ library_asset_id: string }>(
      'SELECT library_asset_id FROM marketing.property_content WHERE property_id = $1 AND is_hero',
      [propertyId],
    )
  ).rows.map((r) => r.library_asset_id);

describe('property content', () => {
  it('attaches by uuid or business ID with defaults, lists in display order, 404/409 on bad references', async () => {
    const property = await newProperty('Villa Azul');
    const first = await attach(property, { asset_id: assets[0]!.asset_id, display_order: 2, room_type: 'pool' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      property_id: property,
      library_asset_id: assets[0]!.id,
      display_order: 2,
      is_hero: false,
      status: 'active',
      room_type: 'pool',
      asset: { asset_id: assets[0]!.asset_id, filename: 'photo-1.jpg' },
    });
    expect(first.headers.get('etag')).toMatch(/^"v\./);
    expect((await attach(property, { asset_id: assets[1]!.id, display_order: 1 })).status).toBe(201);
    expect((await list(property)).map((a) => a.library_asset_id)).toEqual([assets[1]!.id, assets[0]!.id]);

    const again = await attach(property, { asset_id: assets[0]!.id });
    expect(again.status).toBe(409);
    const ghostAsset = await attach(property, { asset_id: 'ASSET-999999' });
    expect(ghostAsset.status).toBe(409);
    expect(ghostAsset.body.errors?.map((e) => e.path)).toEqual(['body.asset_id']);
    expect((await attach('0190a5f0-0000-7000-8000-000000000000', { asset_id: assets[0]!.id })).status).toBe(404);
    expect((await api.request('GET', '/v1/properties/0190a5f0-0000-7000-8000-000000000000/assets', { as: 'viewer' })).status).toBe(404);
    expect((await api.request('GET', '/v1/properties/not-a-uuid/assets', { as: 'viewer' })).status).toBe(404);
    expect((await api.request('GET', `/v1/properties/${property}/assets/${assets[5]!.id}`, { as: 'viewer' })).status).toBe(404);
    const bad = await attach(property, { asset_id: 'photo', is_hero: 'yes', channel_orders: { Airbnb: 1, vrbo: 1.5 }, extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
      'body.asset_id',
      'body.channel_orders.Airbnb',
      'body.channel_orders.vrbo',
      'body.extra',
      'body.is_hero',
    ]);
    expect((await attach(property, { asset_id: assets[2]!.id, as: 'x' })).status).toBe(422);
    expect((await api.request('POST', `/v1/properties/${property}/assets`, { as: 'viewer', body: { asset_id: assets[2]!.id } })).status).toBe(403);
    expect(await list(property)).toHaveLength(2);
  });

  it('keeps at most one hero: a new hero (on attach or PATCH) replaces the old one in the same statement', async () => {
    const property = await newProperty('Casa Sol');
    const other = await newProperty('Other');
    await attach(other, { asset_id: assets[0]!.id, is_hero: true });
    expect((await attach(property, { asset_id: assets[0]!.id, is_hero: true })).status).toBe(201);
    expect(await heroes(property)).toEqual([assets[0]!.id]);
    expect((await attach(property, { asset_id: assets[1]!.id, is_hero: true })).status).toBe(201);
    expect(await heroes(property)).toEqual([assets[1]!.id]);
    await attach(property, { asset_id: assets[2]!.id });
    const patched = await api.request<Attachment>('PATCH', `/v1/properties/${property}/assets/${assets[2]!.asset_id}`, {
      as: 'marketer',
      body: { is_hero: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.is_hero).toBe(true);
    expect(await heroes(property)).toEqual([assets[2]!.id]);
    // Another property's hero is untouched.
    expect(await heroes(other)).toEqual([assets[0]!.id]);
    // The database refuses two heroes whatever the caller does (the deferred exclusion constraint).
    await expect(
      api.db.pool.query('UPDATE marketing.property_content SET is_hero = true WHERE property_id = $1', [property]),
    ).rejects.toThrow(/property_content_one_hero_excl/);
  });

  it('orders per channel with ?channel=, unlisted channels last', async () => {
    const property = await newProperty('Channels');
    await attach(property, { asset_id: assets[0]!.id, display_order: 1, channel_orders: { airbnb: 3, vrbo: 1 } });
    await attach(property, { asset_id: assets[1]!.id, display_order: 2, channel_orders: { airbnb: 1 } });
    await attach(property, { asset_id: assets[2]!.id, display_order: 3, channel_orders: { airbnb: 2, vrbo: 2 } });
    const ids = (rows: Attachment[]) => rows.map((a) => a.library_asset_id);
    expect(ids(await list(property))).toEqual([assets[0]!.id, assets[1]!.id, assets[2]!.id]);
    expect(ids(await list(property, '?channel=airbnb'))).toEqual([assets[1]!.id, assets[2]!.id, assets[0]!.id]);
    expect(ids(await list(property, '?channel=vrbo'))).toEqual([assets[0]!.id, assets[2]!.id, assets[1]!.id]);
    const bad = await api.request<Problem>('GET', `/v1/properties/${property}/assets?channel=Air%20bnb`, { as: 'viewer' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['query.channel']);
  });

  it('reorders the whole gallery in one request and one statement; an unattached id is a 422 naming it, changing nothing', async () => {
    const property = await newProperty('Reorder');
    for (const [i, a] of assets.slice(0, 4).entries()) await attach(property, { asset_id: a.id, display_order: i });
    const snapshot = async () =>
      (await api.db.pool.query('SELECT * FROM marketing.property_content WHERE property_id = $1 ORDER BY id', [property])).rows;
    const before = await snapshot();

    const wrong = await api.request<Problem>('PUT', `/v1/properties/${property}/assets/order`, {
      as: 'marketer',
      body: [
        { asset_id: assets[3]!.id, display_order: 0 },
        { asset_id: assets[5]!.asset_id, display_order: 1 },
        { asset_id: assets[1]!.id, display_order: 2 },
        { asset_id: assets[0]!.id, display_order: 3 },
        { asset_id: assets[2]!.id, display_order: 4 },
      ],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'body[1].asset_id', message: `${assets[5]!.asset_id} is not attached to this property` }]);
    expect(await snapshot()).toEqual(before);

    const partial = await api.request<Problem>('PUT', `/v1/properties/${property}/assets/order`, {
      as: 'marketer',
      body: [{ asset_id: assets[0]!.id, display_order: 9 }],
    });
    expect(partial.status).toBe(422);
    expect(partial.body.errors?.map((e) => e.message)).toEqual(
      [assets[1]!, assets[2]!, assets[3]!].map((a) => `${a.asset_id} is attached but not listed; send the full list`),
    );
    const duplicate = await api.request<Problem>('PUT', `/v1/properties/${property}/assets/order`, {
      as: 'marketer',
      body: [
        { asset_id: assets[0]!.id, display_order: 1 },
        { asset_id: assets[0]!.id.toUpperCase(), display_order: 2 },
      ],
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors?.map((e) => e.path)).toEqual(['body[1].asset_id']);
    expect(await snapshot()).toEqual(before);
    // The same asset once by uuid and once by business ID: only the database can see they are one row.
    const twoNames = await api.request<Problem>('PUT', `/v1/properties/${property}/assets/order`, {
      as: 'marketer',
      body: [
        { asset_id: assets[0]!.id, display_order: 9 },
        { asset_id: assets[1]!.id, display_order: 1 },
        { asset_id: assets[2]!.id, display_order: 2 },
        { asset_id: assets[3]!.id, display_order: 3 },
        { asset_id: assets[0]!.asset_id, display_order: 4 },
      ],
    });
    expect(twoNames.status).toBe(422);
    expect(twoNames.body.errors).toEqual([{ path: 'body[4].asset_id', message: `names the same attached asset as body[0]` }]);
    expect(await snapshot()).toEqual(before);

    api.dataApiCalls.length = 0;
    const done = await api.request<{ data: Attachment[] }>('PUT', `/v1/properties/${property}/assets/order`, {
      as: 'marketer',
      body: [
        { asset_id: assets[3]!.asset_id, display_order: 0, channel_orders: { airbnb: 1 } },
        { asset_id: assets[1]!.id, display_order: 1 },
        { asset_id: assets[0]!.id, display_order: 2, channel_orders: null },
        { asset_id: assets[2]!.id, display_order: 3 },
      ],
    });
    expect(done.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    const order = [assets[3]!.id, assets[1]!.id, assets[0]!.id, assets[2]!.id];
    expect(done.body.data.map((a) => a.library_asset_id)).toEqual(order);
    expect((await list(property)).map((a) => a.library_asset_id)).toEqual(order);
    expect(done.body.data[0]!.channel_orders).toEqual({ airbnb: 1 });
    expect((await api.request('PUT', `/v1/properties/${property}/assets/order`, { as: 'viewer', body: [] })).status).toBe(403);
  });

  it('checks If-Match against the row it writes: a PATCH waiting on a concurrent committed change is a 412, and keeps the old hero', async () => {
    const property = await newProperty('Raced');
    expect((await attach(property, { asset_id: assets[0]!.id, is_hero: true })).status).toBe(201);
    const attached = await attach(property, { asset_id: assets[1]!.id });
    const etag = attached.headers.get('etag')!;
    const other = await api.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE marketing.property_content SET room_type = 'kitchen' WHERE id = $1`, [attached.body.id]);
      const patch = api.request<Attachment>('PATCH', `/v1/properties/${property}/assets/${assets[1]!.asset_id}`, {
        as: 'marketer',
        body: { status: 'hidden', is_hero: true },
        headers: { 'if-match': etag },
      });
      // Commit only once the PATCH is waiting for the row lock, so it re-checks the row after the other write.
      for (let waiting = 0; waiting === 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { rows } = await api.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        waiting = rows[0]!.n;
      }
      await other.query('COMMIT');
      expect((await patch).status).toBe(412);
    } finally {
      other.release();
    }
    const { rows } = await api.db.pool.query('SELECT room_type, status FROM marketing.property_content WHERE id = $1', [attached.body.id]);
    expect(rows).toEqual([{ room_type: 'kitchen', status: 'active' }]);
    expect(await heroes(property)).toEqual([assets[0]!.id]);
  });

  it('changes and detaches with If-Match (412 when stale), and uses one Data API call per request', async () => {
    const property = await newProperty('Counted');
    const calls = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<Attachment>(method, path, { as: 'marketer', body, headers });
      return { status: response.status, etag: response.headers.get('etag'), body: response.body, calls: [...api.dataApiCalls] };
    };
    const item = `/v1/properties/${property}/assets/${assets[4]!.asset_id}`;
    const created = await calls('POST', `/v1/properties/${property}/assets`, { asset_id: assets[4]!.id, room_type: 'kitchen' });
    expect(created).toMatchObject({ status: 201, calls: ['Execute'] });
    const read = await calls('GET', item);
    expect(read).toMatchObject({ status: 200, calls: ['Execute'], etag: created.etag });
    const changed = await calls('PATCH', item, { room_type: 'terrace', display_order: 7 }, { 'if-match': read.etag! });
    expect(changed).toMatchObject({ status: 200, calls: ['Execute'], body: { room_type: 'terrace', display_order: 7 } });
    const stale = await calls('PATCH', item, { room_type: 'lost' }, { 'if-match': read.etag! });
    expect(stale.status).toBe(412);
    expect((await calls('DELETE', item, undefined, { 'if-match': read.etag! })).status).toBe(412);
    expect((await calls('GET', `/v1/properties/${property}/assets`)).calls).toEqual(['Execute']);
    const detached = await calls('DELETE', item, undefined, { 'if-match': changed.etag! });
    expect(detached).toMatchObject({ status: 204, calls: ['Execute'] });
    expect((await calls('DELETE', item)).status).toBe(404);
    // Detaching leaves the asset in the library.
    expect((await api.request('GET', `/v1/assets/${assets[4]!.id}`, { as: 'viewer' })).status).toBe(200);
    const empty = await api.request<Problem>('PATCH', item, { as: 'marketer', body: {} });
    expect(empty.status).toBe(422);
  });

  it("addresses an attachment by the gallery row's id as well as by the asset's uuid or business ID, only under its own property", async () => {
    const property = await newProperty('Row ids');
    const other = await newProperty('Other');
    const made = await attach(property, { asset_id: assets[3]!.asset_id, room_type: 'garden' });
    expect(made.status).toBe(201);
    const rowId = made.body.id;
    expect(rowId).not.toBe(assets[3]!.id);
    const [listed] = await list(property);
    expect(listed!.id).toBe(rowId);
    for (const ref of [rowId, assets[3]!.id, assets[3]!.asset_id]) {
      const one = await api.request<Attachment>('GET', `/v1/properties/${property}/assets/${ref}`, { as: 'viewer' });
      expect(one.status, ref).toBe(200);
      expect(one.body).toMatchObject({ id: rowId, library_asset_id: assets[3]!.id });
    }
    expect((await api.request('GET', `/v1/properties/${other}/assets/${rowId}`, { as: 'viewer' })).status).toBe(404);
    const changed = await api.request<Attachment>('PATCH', `/v1/properties/${property}/assets/${rowId}`, { as: 'marketer', body: { room_type: 'patio' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: rowId, room_type: 'patio' });
    expect((await api.request('DELETE', `/v1/properties/${other}/assets/${rowId}`, { as: 'marketer' })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/properties/${property}/assets/${rowId}`, { as: 'marketer' })).status).toBe(204);
    expect(await list(property)).toEqual([]);
  });
});
