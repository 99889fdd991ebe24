/**
 * Two replacements of one campaign's set racing through the local HTTP API:
 * both succeed, and the stored set is afterwards exactly one of the two
 * requested sets, never a mix. Each round starts the two PUTs together
 * (Promise.all) with two different sets on a fresh campaign; several rounds
 * per set kind, because an interleaving is a matter of timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { insertCampaign, insertContent, insertNdpTopic, insertPillar } from '../../support/mkt-fixtures.js';

const ROUNDS = 20;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

interface Race {
  set: string;
  table: string;
  column: string;
  /** Member references the API accepts, and each one's uuid (as stored). */
  pool: Array<{ ref: string; id: string }>;
  withPrimary: boolean;
}

async function segmentPool(): Promise<Race['pool']> {
  const { rows } = await api.db.pool.query<{ code: string; id: string }>('SELECT code, id FROM public.mkt_segments ORDER BY code LIMIT 8');
  return rows.map((r) => ({ ref: r.code, id: r.id }));
}

async function races(): Promise<Race[]> {
  const topics = await Promise.all(Array.from({ length: 8 }, () => insertNdpTopic(api.db.pool)));
  const pillars = await Promise.all(Array.from({ length: 8 }, () => insertPillar(api.db.pool)));
  const content = await Promise.all(Array.from({ length: 8 }, (_, i) => insertContent(api.db.pool, { title: `Piece ${i}` })));
  return [
    { set: 'segments', table: 'mkt_campaign_segment_assignments', column: 'segment_id', pool: await segmentPool(), withPrimary: true },
    { set: 'ndp-topics', table: 'mkt_campaign_ndp_assignments', column: 'ndp_topic_id', pool: topics.map((t) => ({ ref: t.topic_code, id: t.id })), withPrimary: false },
    { set: 'pillars', table: 'mkt_campaign_pillar_assignments', column: 'pillar_id', pool: pillars.map((p) => ({ ref: p.pillar_code, id: p.id })), withPrimary: false },
    { set: 'content', table: 'mkt_campaign_content_assignments', column: 'content_id', pool: content.map((c) => ({ ref: c.content_code, id: c.id })), withPrimary: false },
  ];
}

/** Two different sets for round `i`: rotating windows of the pool, overlapping in one member (so both kinds of row race). */
function setsFor(pool: Race['pool'], i: number): [Race['pool'], Race['pool']] {
  const at = (k: number) => pool[(i + k) % pool.length]!;
  return [
    [at(0), at(1), at(2), at(3)],
    [at(3), at(4), at(5), at(6), at(7)],
  ];
}

const sorted = (ids: string[]) => [...ids].sort();

describe('concurrent replacements of one campaign set', () => {
  it('leave exactly one of the two requested sets, every round, for every set kind', async () => {
    const outcomes: string[] = [];
    for (const race of await races()) {
      for (let i = 0; i < ROUNDS; i++) {
        const campaign = await insertCampaign(api.db.pool, { name: `Race ${race.set} ${i}` });
        // A set to replace, so the first replacement deletes as well as inserts.
        await api.request('PUT', `/v1/mkt/campaigns/${campaign.id}/${race.set}`, { as: 'marketer', body: { ids: race.pool.slice(0, 2).map((m) => m.ref) } });
        const [a, b] = setsFor(race.pool, i);
        const body = (members: Race['pool']) => ({ ids: members.map((m) => m.ref), ...(race.withPrimary ? { primary: members[0]!.ref } : {}) });
        const [first, second] = await Promise.all([
          api.request('PUT', `/v1/mkt/campaigns/${campaign.id}/${race.set}`, { as: 'marketer', body: body(a) }),
          api.request('PUT', `/v1/mkt/campaigns/${campaign.id}/${race.set}`, { as: 'marketer', body: body(b) }),
        ]);
        const { rows } = await api.db.pool.query<{ member: string; is_primary?: boolean }>(
          `SELECT ${race.column} AS member${race.withPrimary ? ', is_primary' : ''} FROM public.${race.table} WHERE campaign_id = $1`,
          [campaign.id],
        );
        const stored = sorted(rows.map((r) => r.member));
        const which = [a, b].findIndex((s) => JSON.stringify(sorted(s.map((m) => m.id))) === JSON.stringify(stored));
        const primaries = rows.filter((r) => r.is_primary).map((r) => r.member);
        const primaryOk = !race.withPrimary || (which >= 0 && JSON.stringify(primaries) === JSON.stringify([[a, b][which]![0]!.id]));
        outcomes.push(`${race.set}#${i}: ${first.status}/${second.status} ${which >= 0 && primaryOk ? 'one set' : `MIXED (${stored.length} rows)`}`);
      }
    }
    const bad = outcomes.filter((o) => !/: 200\/200 one set$/.test(o));
    expect(bad, `${bad.length} of ${outcomes.length} rounds went wrong`).toEqual([]);
  });
});
