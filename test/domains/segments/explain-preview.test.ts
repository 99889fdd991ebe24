/**
 * "Why in / why out" for one contact and a dynamic segment, and a preview of
 * a criteria document: count and sample, nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { createSegment, paths, type Problem } from './helpers.js';
import { TODAY } from './population.js';

type Node = { path: string; holds: boolean; group?: string; field?: string; children?: Node[] };
type Explanation = { segment_id: string; contact_id: string; is_member: boolean; matches: boolean; explanation: Node };
type Preview = { count: number; sample: Array<{ contact_id: string; full_name: string | null; email: string | null }> };

let api: TestApi;
let guest: string;
let stranger: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(
    "INSERT INTO directory.contacts (full_name, email) VALUES ('Ana Guest', 'ana@gmail.com'), ('No Mail', NULL) RETURNING id",
  );
  [guest, stranger] = [rows[0]!.id, rows[1]!.id];
  await api.db.pool.query(`INSERT INTO reservations.reservations (contact_id, check_in, check_out, total_amount) VALUES ($1, ${TODAY} - 40, ${TODAY} - 37, 500)`, [guest]);
});
afterAll(async () => {
  await api.stop();
});

const criteria = {
  all: [
    { field: 'has_email', op: 'is_true' },
    { any: [{ field: 'total_stays', op: 'gte', value: 2 }, { not: { field: 'total_revenue', op: 'gt', value: 1000 } }] },
  ],
};

describe('why in / why out', () => {
  it('shows which conditions and groups hold for a contact, and its membership', async () => {
    const segment = await createSegment(api, { segment_name: 'Explained', segment_type: 'dynamic', criteria });
    await api.request('POST', `/v1/segments/${segment.id}/refresh`, { as: 'marketer' });

    const inside = await api.request<Explanation>('GET', `/v1/segments/${segment.segment_id}/explain/${guest}`, { as: 'viewer' });
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ segment_id: segment.segment_id, contact_id: guest, is_member: true, matches: true });
    const any = inside.body.explanation.children![1]!;
    expect(any).toMatchObject({ path: 'criteria.all[1]', group: 'any', holds: true });
    expect(any.children!.map((c) => [c.path, c.holds])).toEqual([
      ['criteria.all[1].any[0]', false],
      ['criteria.all[1].any[1]', true],
    ]);
    expect(any.children![1]!.children![0]).toMatchObject({ path: 'criteria.all[1].any[1].not', field: 'total_revenue', holds: false });

    const outside = await api.request<Explanation>('GET', `/v1/segments/${segment.id}/explain/${stranger}`);
    expect(outside.body).toMatchObject({ is_member: false, matches: false });
    expect(outside.body.explanation.children![0]).toMatchObject({ path: 'criteria.all[0]', field: 'has_email', holds: false });
  });

  it('answers 404 for an unknown contact or segment, 409 for a static segment, 422 for a malformed contact id', async () => {
    const segment = await createSegment(api, { segment_name: 'E2', segment_type: 'dynamic', criteria });
    expect((await api.request('GET', `/v1/segments/${segment.id}/explain/0190a5f0-0000-7000-8000-000000000000`)).status).toBe(404);
    expect((await api.request('GET', `/v1/segments/SEG-999999/explain/${guest}`)).status).toBe(404);
    const fixed = await createSegment(api, { segment_name: 'Static' });
    expect((await api.request('GET', `/v1/segments/${fixed.id}/explain/${guest}`)).status).toBe(409);
    const bad = await api.request<Problem>('GET', `/v1/segments/${segment.id}/explain/not-a-uuid`);
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual(['params.contactId']);
  });
});

describe('preview', () => {
  it('counts and samples what a criteria document selects, in one call, saving nothing', async () => {
    const before = await api.db.pool.query<{ n: number }>('SELECT (SELECT count(*) FROM marketing.segments) + (SELECT count(*) FROM marketing.segment_members) AS n');
    await api.request('POST', '/v1/segments/preview', { body: { criteria } });
    api.dataApiCalls.length = 0;
    const response = await api.request<Preview>('POST', '/v1/segments/preview', { as: 'viewer', body: { criteria, sample_size: 5 } });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: 1, sample: [{ contact_id: guest, full_name: 'Ana Guest', email: 'ana@gmail.com' }] });
    const none = await api.request<Preview>('POST', '/v1/segments/preview', { body: { criteria: { not: criteria }, sample_size: 0 } });
    expect(none.body).toEqual({ count: 1, sample: [] });
    const after = await api.db.pool.query<{ n: number }>('SELECT (SELECT count(*) FROM marketing.segments) + (SELECT count(*) FROM marketing.segment_members) AS n');
    expect(after.rows[0]!.n).toEqual(before.rows[0]!.n);
    const bad = await api.request<Problem>('POST', '/v1/segments/preview', { body: { criteria, sample_size: 500 } });
    expect(paths(bad.body)).toEqual(['body.sample_size']);
  });
});
