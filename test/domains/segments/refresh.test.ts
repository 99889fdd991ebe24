/**
 * Dynamic segments over a generated population: a refresh selects exactly
 * what a hand-written reference query selects, for criteria of every field
 * family; leavers are stamped (rows kept), returning contacts re-admitted,
 * member_count exact after every step; two refreshes of one segment never
 * run at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_LOCK_PREFIX } from '../../../lambdas/segments/repository.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { counts, createSegment, type Problem } from './helpers.js';
import { TODAY, generatePopulation, type Population } from './population.js';

type Refreshed = { segment_id: string; added: number; readmitted: number; removed: number; member_count: number; last_calculated_at: string };

let api: TestApi;
let pop: Population;
beforeAll(async () => {
  api = await startTestApi();
  pop = await generatePopulation(api, 400);
});
afterAll(async () => {
  await api.stop();
});

async function reference(where: string, params: unknown[] = []): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ id: string }>(`SELECT c.id FROM directory.contacts c WHERE ${where} ORDER BY c.id`, params);
  return rows.map((r) => r.id);
}

async function currentMembers(segmentUuid: string): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ contact_id: string }>(
    'SELECT contact_id FROM marketing.segment_members WHERE segment_id = $1 AND removed_at IS NULL ORDER BY contact_id',
    [segmentUuid],
  );
  return rows.map((r) => r.contact_id);
}

async function refresh(segment: string) {
  return api.request<Refreshed & Problem>('POST', `/v1/segments/${segment}/refresh`, { as: 'marketer' });
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const stays = (cond: string) => `(SELECT count(*) FROM reservations.reservations r WHERE r.contact_id = c.id AND ${cond})`;

describe('dynamic segment refresh gives exactly the reference query', () => {
  const families: Array<{ name: string; criteria: () => unknown; where: () => string; params?: () => unknown[] }> = [
    {
      name: 'contact fields',
      criteria: () => ({ all: [{ field: 'has_email', op: 'is_true' }, { any: [{ field: 'email_domain', op: 'in', value: ['GMAIL.com'] }, { field: 'has_phone', op: 'is_true' }] }] }),
      where: () => `c.email IS NOT NULL AND (c.email ILIKE '%@gmail.com' OR c.phone IS NOT NULL)`,
    },
    {
      name: 'contact dates and not',
      criteria: () => ({ all: [{ field: 'contact_created_at', op: 'within_last_days', value: 30 }, { not: { field: 'email_domain', op: 'contains', value: 'example' } }] }),
      where: () => `(c.created_at AT TIME ZONE 'UTC')::date >= ${TODAY} - 30 AND coalesce(c.email, '') NOT ILIKE '%example%'`,
    },
    {
      name: 'reservation counts and properties',
      criteria: () => ({ any: [{ field: 'total_stays', op: 'gte', value: 2 }, { field: 'stayed_at_property', op: 'in', value: [pop.properties[1]] }] }),
      where: () => `${stays(`r.check_out <= ${TODAY}`)} >= 2 OR ${stays('r.property_id = $1')} > 0`,
      params: () => [pop.properties[1]],
    },
    {
      name: 'zero stays, revenue and upcoming stays',
      criteria: () => ({
        any: [
          { field: 'total_stays', op: 'eq', value: 0 },
          { all: [{ field: 'upcoming_check_in', op: 'within_next_days', value: 60 }, { not: { field: 'total_revenue', op: 'gt', value: 1000 } }] },
        ],
      }),
      where: () =>
        `${stays(`r.check_out <= ${TODAY}`)} = 0 OR (${stays(`r.check_in BETWEEN ${TODAY} AND ${TODAY} + 60`)} > 0
         AND coalesce((SELECT sum(total_amount) FROM reservations.reservations r WHERE r.contact_id = c.id), 0) <= 1000)`,
    },
    {
      name: 'stay dates',
      criteria: () => ({ any: [{ field: 'last_stay_date', op: 'lt', value: daysAgo(100) }, { field: 'first_stay_date', op: 'is_null' }] }),
      where: () => `(SELECT max(r.check_out) FROM reservations.reservations r WHERE r.contact_id = c.id) < $1::date
                    OR NOT EXISTS (SELECT 1 FROM reservations.reservations r WHERE r.contact_id = c.id AND r.check_in IS NOT NULL)`,
      params: () => [daysAgo(100)],
    },
    {
      name: 'campaign events in a window, with a count',
      criteria: () => ({ all: [{ field: 'campaign_event', op: 'in', value: ['sent', 'opened', 'converted'], campaign_id: pop.campaigns[0], within_last_days: 30, at_least: 2 }] }),
      where: () => `(SELECT count(*) FROM marketing.campaign_events e WHERE e.contact_id = c.id AND e.event_type IN ('sent', 'opened', 'converted')
                     AND e.campaign_id = $1 AND e.event_timestamp >= now() - interval '30 days') >= 2`,
      params: () => [pop.campaigns[0]],
    },
    {
      name: 'engagement and absent events',
      criteria: () => ({ any: [{ field: 'engaged_campaign', op: 'in', value: [pop.campaigns[1]] }, { field: 'campaign_event', op: 'not_in', value: ['sent'] }] }),
      where: () => `EXISTS (SELECT 1 FROM marketing.campaign_events e WHERE e.contact_id = c.id AND e.campaign_id = $1 AND e.event_type IN ('opened','clicked','converted'))
                    OR NOT EXISTS (SELECT 1 FROM marketing.campaign_events e WHERE e.contact_id = c.id AND e.event_type = 'sent')`,
      params: () => [pop.campaigns[1]],
    },
  ];

  it.each(families)('$name', async ({ criteria, where, params }) => {
    const segment = await createSegment(api, { segment_name: 'Family', segment_type: 'dynamic', criteria: criteria() });
    const expected = await reference(where(), params?.());
    expect(expected.length).toBeGreaterThan(0);
    const response = await refresh(segment.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ segment_id: segment.segment_id, added: expected.length, removed: 0, member_count: expected.length });
    expect(await currentMembers(segment.id)).toEqual(expected);
    expect(await counts(api, segment.id)).toEqual({ stored: expected.length, actual: expected.length });
  });

  it('selects members of another segment', async () => {
    const inner = await createSegment(api, { segment_name: 'Inner', segment_type: 'dynamic', criteria: { all: [{ field: 'has_phone', op: 'is_true' }] } });
    await refresh(inner.id);
    const outer = await createSegment(api, {
      segment_name: 'Outer',
      segment_type: 'dynamic',
      criteria: { all: [{ field: 'in_segment', op: 'in', value: [inner.id] }, { field: 'email_domain', op: 'eq', value: 'gmail.com' }] },
    });
    expect((await refresh(outer.id)).status).toBe(200);
    expect(await currentMembers(outer.id)).toEqual(await reference(`c.phone IS NOT NULL AND c.email ILIKE '%@gmail.com'`));
  });
});

describe('refresh over time', () => {
  it('stamps leavers, re-admits returning contacts, keeps member_count exact, and changes nothing in the steady state', async () => {
    const repeat = { all: [{ field: 'total_stays', op: 'gte', value: 2 }] };
    const where = `${stays(`r.check_out <= ${TODAY}`)} >= 2`;
    const segment = await createSegment(api, { segment_name: 'Repeat guests', segment_type: 'dynamic', criteria: repeat });
    const first = await refresh(segment.id);
    const initial = await reference(where);
    expect(first.body).toMatchObject({ added: initial.length, readmitted: 0, removed: 0, member_count: initial.length });

    const steady = await refresh(segment.segment_id);
    expect(steady.body).toMatchObject({ added: 0, readmitted: 0, removed: 0, member_count: initial.length });

    // Five members lose their past stays (leavers); their reservations are kept aside to bring them back.
    const leavers = initial.slice(0, 5);
    await api.db.pool.query('CREATE TABLE public.kept AS SELECT * FROM reservations.reservations WHERE contact_id = ANY($1::uuid[])', [leavers]);
    await api.db.pool.query('DELETE FROM reservations.reservations WHERE contact_id = ANY($1::uuid[])', [leavers]);
    const out = await refresh(segment.id);
    expect(out.body).toMatchObject({ added: 0, readmitted: 0, removed: 5, member_count: initial.length - 5 });
    expect(await currentMembers(segment.id)).toEqual(await reference(where));
    expect(await counts(api, segment.id)).toEqual({ stored: initial.length - 5, actual: initial.length - 5 });
    const kept = await api.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = ANY($2::uuid[]) AND removed_at IS NOT NULL',
      [segment.id, leavers],
    );
    expect(kept.rows[0]!.n).toBe(5);

    // They come back, and a newcomer arrives.
    await api.db.pool.query('INSERT INTO reservations.reservations SELECT * FROM public.kept');
    const newcomer = (await reference(`NOT (${where})`))[0]!;
    await api.db.pool.query(
      `INSERT INTO reservations.reservations (contact_id, check_in, check_out) VALUES ($1, ${TODAY} - 20, ${TODAY} - 18), ($1, ${TODAY} - 10, ${TODAY} - 8)`,
      [newcomer],
    );
    const back = await refresh(segment.id);
    expect(back.body).toMatchObject({ added: 1, readmitted: 5, removed: 0, member_count: initial.length + 1 });
    expect(await currentMembers(segment.id)).toEqual(await reference(where));
    expect(await counts(api, segment.id)).toEqual({ stored: initial.length + 1, actual: initial.length + 1 });
    const rows = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.segment_members WHERE segment_id = $1', [segment.id]);
    expect(rows.rows[0]!.n).toBe(initial.length + 1);
  });

  it('answers 409 while another refresh of the segment holds its lock, and runs once it is free', async () => {
    const segment = await createSegment(api, { segment_name: 'Locked', segment_type: 'dynamic', criteria: { all: [{ field: 'has_email', op: 'is_true' }] } });
    const holder = await api.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || $2::text, 0))`, [REFRESH_LOCK_PREFIX, segment.id]);
      const busy = await refresh(segment.id);
      expect(busy.status).toBe(409);
      expect(busy.body.detail).toMatch(/running/);
      expect(await counts(api, segment.id)).toEqual({ stored: 0, actual: 0 });
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    const free = await refresh(segment.id);
    expect(free.status).toBe(200);
    expect(free.body.member_count).toBeGreaterThan(0);
  });

  it('refuses static and unknown segments', async () => {
    const fixed = await createSegment(api, { segment_name: 'Static' });
    expect((await refresh(fixed.id)).status).toBe(409);
    expect((await refresh('SEG-999999')).status).toBe(404);
    const withBody = await api.request<Problem>('POST', `/v1/segments/${fixed.id}/refresh`, { as: 'marketer', body: { now: true } });
    expect(withBody.status).toBe(422);
  });
});
