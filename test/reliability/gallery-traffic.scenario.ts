/**
 * Mixed traffic on one property's gallery (lambdas/library, property content):
 * racing attaches of one asset (the (property, asset) unique pair), racing
 * hero attaches (the one-hero rule), then a bounded stream of concurrent
 * reads, hero changes, If-Match reorders of single items, whole-gallery
 * reorders and detach/re-attach. Only 2xx and the documented 4xx may come
 * back; afterwards the property has at most one hero, no asset twice, the
 * API's list is the table's rows, and a reorder applies completely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPng, type UploadedAsset } from './support/assets.js';
import { describeTally, inParallel, startScenario, tally, type Scenario } from './support/scenario.js';

const ASSETS = 10;
const SAME_ASSET_RACERS = 8;
const MIXED_OPERATIONS = 320;
const MIXED_WIDTH = 8;
const MIXED_DEADLINE_MS = 60_000;
/** What a gallery request may answer under concurrent edits: gone meanwhile, a conflict, a stale ETag, an order that no longer lists every asset. */
const ALLOWED = new Set([200, 201, 204, 404, 409, 412, 422]);

let s: Scenario;
let property: string;
const assets: UploadedAsset[] = [];
const statuses: number[] = [];

beforeAll(async () => {
  s = await startScenario('gallery/hero/reorder traffic');
  property = await s.world.idIn('property.properties');
  for (let i = 0; i < ASSETS; i++) assets.push(await uploadPng(s.client, `gallery-${i}`, 8 + i, 6));
});
afterAll(async () => {
  s.figures.checks.push(`${ASSETS} uploaded assets; mixed stream: ${describeTally(tally(statuses))}`);
  await s.finish();
});

const base = () => `/v1/properties/${property}/assets`;

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface Attachment {
  library_asset_id: string;
  display_order: number | null;
  is_hero: boolean | null;
}

async function gallery(): Promise<Attachment[]> {
  const list = await s.client.call<{ data: Attachment[] }>('GET', base(), { as: 'viewer' });
  return list.status === 200 ? list.body.data : [];
}

describe('a property gallery under concurrent edits', () => {
  it('racing attaches of one asset: one 201, the rest 409', async () => {
    for (const asset of assets.slice(0, 3)) {
      const answers = await Promise.all(
        Array.from({ length: SAME_ASSET_RACERS }, () => s.client.call('POST', base(), { as: 'marketer', body: { asset_id: asset.id } })),
      );
      const t = tally(answers.map((a) => a.status));
      if (t[201] !== 1 || t[409] !== SAME_ASSET_RACERS - 1) s.figures.failures.push(`attach ${asset.assetId} ×${SAME_ASSET_RACERS}: ${describeTally(t)}`);
    }
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });

  it('racing hero attaches: each 201 or 409, and at most one hero', async () => {
    const answers = await Promise.all(
      assets.slice(3).map((asset, i) => s.client.call('POST', base(), { as: 'marketer', body: { asset_id: asset.id, is_hero: true, display_order: i } })),
    );
    const bad = answers.filter((a) => a.status !== 201 && a.status !== 409);
    if (bad.length) s.figures.failures.push(`hero attaches: ${describeTally(tally(answers.map((a) => a.status)))}`);
    const heroes = (await gallery()).filter((a) => a.is_hero).length;
    if (heroes > 1) s.figures.failures.push(`${heroes} heroes after racing hero attaches`);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });

  it('a bounded stream of mixed reads, hero changes, reorders and detach/re-attach: no 5xx, invariants kept', async () => {
    const next = random(13);
    const pick = () => assets[Math.floor(next() * assets.length)]!;
    const deadline = Date.now() + MIXED_DEADLINE_MS;
    const kinds = Array.from({ length: MIXED_OPERATIONS }, () => Math.floor(next() * 6));
    await inParallel(kinds, MIXED_WIDTH, async (kind, i) => {
      if (Date.now() > deadline) return;
      const asset = pick();
      const item = `${base()}/${asset.id}`;
      const record = (status: number, what: string) => {
        statuses.push(status);
        if (!ALLOWED.has(status) && status < 500) s.figures.failures.push(`${what}: ${status}`);
      };
      switch (kind) {
        case 0:
          record((await s.client.call('GET', base(), { as: 'viewer' })).status, 'list');
          break;
        case 1:
          record((await s.client.call('PATCH', item, { as: 'marketer', body: { is_hero: true } })).status, 'hero');
          break;
        case 2: {
          const read = await s.client.call('GET', item, { as: 'viewer' });
          const etag = read.headers.get('etag');
          if (read.status !== 200 || !etag) return record(read.status, 'get item');
          record((await s.client.call('PATCH', item, { as: 'marketer', headers: { 'if-match': etag }, body: { display_order: i } })).status, 'If-Match order');
          break;
        }
        case 3: {
          const current = await gallery();
          const order = current.map((a, j) => ({ asset_id: a.library_asset_id, display_order: current.length - j }));
          record((await s.client.call('PUT', `${base()}/order`, { as: 'marketer', body: order })).status, 'reorder');
          break;
        }
        case 4: {
          record((await s.client.call('DELETE', item, { as: 'marketer' })).status, 'detach');
          record((await s.client.call('POST', base(), { as: 'marketer', body: { asset_id: asset.id, is_hero: next() < 0.3 } })).status, 're-attach');
          break;
        }
        default:
          record((await s.client.call('POST', base(), { as: 'marketer', body: { asset_id: asset.id, is_hero: true } })).status, 'hero attach');
      }
    });

    // Invariants, read from the table itself.
    const heroes = await s.stack.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.property_content WHERE property_id = CAST(:p AS uuid) AND is_hero', { p: property });
    const pairs = await s.stack.sql.query<{ n: number; d: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT library_asset_id)::int AS d FROM marketing.property_content WHERE property_id = CAST(:p AS uuid)',
      { p: property },
    );
    if (heroes.rows[0]!.n > 1) s.figures.failures.push(`${heroes.rows[0]!.n} heroes`);
    if (pairs.rows[0]!.n !== pairs.rows[0]!.d) s.figures.failures.push('an asset attached twice');
    const listed = await gallery();
    if (listed.length !== pairs.rows[0]!.n) s.figures.failures.push(`the API lists ${listed.length} attachments, the table holds ${pairs.rows[0]!.n}`);

    // Quiet again: one reorder must apply completely (nothing half written).
    const order = listed.map((a, j) => ({ asset_id: a.library_asset_id, display_order: 100 + j }));
    const reordered = await s.client.call('PUT', `${base()}/order`, { as: 'marketer', body: order });
    const after = await gallery();
    const applied = order.filter((o) => after.find((a) => a.library_asset_id === o.asset_id)?.display_order === o.display_order).length;
    if (reordered.status !== 200 || applied !== order.length) {
      s.figures.lostOrHalfWritten += order.length - applied;
      s.figures.failures.push(`final reorder ${reordered.status}: ${applied} of ${order.length} orders applied`);
    }
    s.figures.checks.push(`after: ${heroes.rows[0]!.n} hero, ${pairs.rows[0]!.n} attachments (no duplicates), final reorder applied ${applied}/${order.length}`);
    expect(statuses.length).toBeGreaterThan(MIXED_OPERATIONS / 2);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.lostOrHalfWritten).toBe(0);
    expect(s.figures.failures).toEqual([]);
  });
});
