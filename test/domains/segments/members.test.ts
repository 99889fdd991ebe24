/**
 * Static membership in bulk: one statement per request, idempotent, removal
 * keeps the row with removed_at, re-adding clears it; the member list pages
 * by contact and filters; member_count stays exact after every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { counts, createSegment, newContacts, paths, type Page, type Problem, type Segment } from './helpers.js';

type Member = { id: string; segment_id: string; contact_id: string; added_at: string; added_by: string | null; removed_at: string | null };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const add = (segment: string, contact_ids: string[]) => api.request<Record<string, number> & Problem>('POST', `/v1/segments/${segment}/members`, { as: 'marketer', body: { contact_ids } });
const remove = (segment: string, contact_ids: string[]) =>
  api.request<Record<string, number> & Problem>('POST', `/v1/segments/${segment}/members/remove`, { as: 'marketer', body: { contact_ids } });

describe('static segment members', () => {
  let segment: Segment;
  let contacts: string[];
  beforeAll(async () => {
    segment = await createSegment(api, { segment_name: 'Newsletter' });
    contacts = await newContacts(api, 6);
  });

  it('adds in bulk with one Data API call, counting repeats once, and is idempotent', async () => {
    api.dataApiCalls.length = 0;
    const first = await add(segment.segment_id, [contacts[0]!, contacts[1]!, contacts[2]!, contacts[2]!]);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ added: 3, readmitted: 0, already_members: 0 });
    const again = await add(segment.id, [contacts[0]!, contacts[1]!, contacts[2]!]);
    expect(again.body).toEqual({ added: 0, readmitted: 0, already_members: 3 });
    expect(await counts(api, segment.id)).toEqual({ stored: 3, actual: 3 });
    const { rows } = await api.db.pool.query('SELECT added_by FROM marketing.segment_members WHERE segment_id = $1', [segment.id]);
    expect(rows.every((r) => r.added_by === 'test-marketer')).toBe(true);
  });

  it('removes by stamping removed_at and keeping the row; removing again changes nothing', async () => {
    api.dataApiCalls.length = 0;
    const removed = await remove(segment.id, [contacts[0]!, contacts[5]!]);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(removed.body).toEqual({ removed: 1, not_members: 1 });
    const stampedAt = await api.db.pool.query<{ removed_at: Date }>(
      'SELECT removed_at FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2',
      [segment.id, contacts[0]],
    );
    expect(stampedAt.rows[0]!.removed_at).toBeInstanceOf(Date);
    expect((await remove(segment.id, [contacts[0]!])).body).toEqual({ removed: 0, not_members: 1 });
    const unchanged = await api.db.pool.query<{ removed_at: Date }>(
      'SELECT removed_at FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2',
      [segment.id, contacts[0]],
    );
    expect(unchanged.rows[0]!.removed_at).toEqual(stampedAt.rows[0]!.removed_at);
    expect(await counts(api, segment.id)).toEqual({ stored: 2, actual: 2 });
  });

  it('re-admits a removed contact by clearing removed_at (same row)', async () => {
    const before = await api.db.pool.query<{ id: string }>('SELECT id FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2', [segment.id, contacts[0]]);
    const readded = await add(segment.id, [contacts[0]!, contacts[3]!]);
    expect(readded.body).toEqual({ added: 1, readmitted: 1, already_members: 0 });
    const after = await api.db.pool.query<{ id: string; removed_at: Date | null }>(
      'SELECT id, removed_at FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2',
      [segment.id, contacts[0]],
    );
    expect(after.rows[0]).toEqual({ id: before.rows[0]!.id, removed_at: null });
    expect(await counts(api, segment.id)).toEqual({ stored: 4, actual: 4 });
  });

  it('refuses unknown contacts with 422 at their index and adds none of the others', async () => {
    const ghost = '0190a5f0-0000-7000-8000-000000000001';
    const response = await add(segment.id, [contacts[4]!, ghost]);
    expect(response.status).toBe(422);
    expect(paths(response.body)).toEqual(['body.contact_ids[1]']);
    const { rows } = await api.db.pool.query('SELECT 1 FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2', [segment.id, contacts[4]]);
    expect(rows).toHaveLength(0);
    const malformed = await add(segment.id, ['not-a-uuid']);
    expect(paths(malformed.body)).toEqual(['body.contact_ids[0]']);
    const empty = await add(segment.id, []);
    expect(paths(empty.body)).toEqual(['body.contact_ids']);
  });

  it('answers 404 for an unknown segment and 409 for a dynamic one', async () => {
    expect((await add('SEG-999999', [contacts[0]!])).status).toBe(404);
    expect((await remove('0190a5f0-0000-7000-8000-000000000000', [contacts[0]!])).status).toBe(404);
    const dynamic = await createSegment(api, { segment_name: 'Dyn', segment_type: 'dynamic', criteria: { all: [{ field: 'has_email', op: 'is_true' }] } });
    const refused = await add(dynamic.id, [contacts[0]!]);
    expect(refused.status).toBe(409);
    expect((await remove(dynamic.id, [contacts[0]!])).status).toBe(409);
    expect(await counts(api, dynamic.id)).toEqual({ stored: 0, actual: 0 });
  });

  it('lists current members by default in keyset pages, removed ones on request, with filters', async () => {
    api.dataApiCalls.length = 0;
    const page1 = await api.request<Page<Member>>('GET', `/v1/segments/${segment.id}/members?limit=2`, { as: 'viewer' });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(2);
    const page2 = await api.request<Page<Member>>('GET', `/v1/segments/${segment.id}/members?limit=2&cursor=${page1.body.next_cursor!}`);
    const current = [...page1.body.data, ...page2.body.data].map((m) => m.contact_id);
    expect(page2.body.next_cursor).toBeNull();
    expect(current).toEqual([contacts[0]!, contacts[1]!, contacts[2]!, contacts[3]!].sort());
    await remove(segment.id, [contacts[1]!]);
    const removed = await api.request<Page<Member>>('GET', `/v1/segments/${segment.id}/members?state=removed`);
    expect(removed.body.data.map((m) => m.contact_id)).toEqual([contacts[1]]);
    expect(removed.body.data[0]!.removed_at).not.toBeNull();
    const all = await api.request<Page<Member>>('GET', `/v1/segments/${segment.id}/members?state=all&contact_id=eq.${contacts[1]!}`);
    expect(all.body.data).toHaveLength(1);
    const badState = await api.request<Problem>('GET', `/v1/segments/${segment.id}/members?state=gone`);
    expect(badState.status).toBe(422);
    expect(paths(badState.body)).toEqual(['query.state']);
    const badFilter = await api.request<Problem>('GET', `/v1/segments/${segment.id}/members?added_at=gte.yesterday`);
    expect(badFilter.status).toBe(422);
    expect(paths(badFilter.body)).toEqual(['query.added_at']);
    expect((await api.request('GET', '/v1/segments/SEG-999999/members')).status).toBe(404);
  });
});
