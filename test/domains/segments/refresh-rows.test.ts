/**
 * What the refresh statement writes beyond who is a member: the member rows'
 * ids (UUIDv7 from one generate_uuid_v7() per statement and a counter) and
 * refreshes of one segment started together (the lock is taken before the
 * refresh statement's snapshot, so none of them tries a row another wrote).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { counts, createSegment, newContacts, type Problem } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const refresh = (segment: string) => api.request<{ added: number; readmitted: number; removed: number } & Problem>('POST', `/v1/segments/${segment}/refresh`, { as: 'marketer' });

async function memberRows(segmentUuid: string) {
  const { rows } = await api.db.pool.query<{ id: string; contact_id: string; ms: string; removed: boolean }>(
    `SELECT id::text, contact_id::text, ('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint::text AS ms, removed_at IS NOT NULL AS removed
       FROM marketing.segment_members WHERE segment_id = $1 ORDER BY contact_id`,
    [segmentUuid],
  );
  return rows;
}

describe('the rows a refresh writes', () => {
  it('gives new members distinct UUIDv7 ids of the refresh time, rising in contact order', async () => {
    const domain = 'ids.example';
    await newContacts(api, 60, domain);
    const segment = await createSegment(api, { segment_name: 'Ids', segment_type: 'dynamic', criteria: { all: [{ field: 'email_domain', op: 'in', value: [domain] }] } });
    const before = Date.now();
    expect((await refresh(segment.id)).body.added).toBe(60);
    const after = Date.now();
    const rows = await memberRows(segment.id);
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number(row.ms)).toBeGreaterThanOrEqual(before - 1000);
      expect(Number(row.ms)).toBeLessThanOrEqual(after + 1000);
    }
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(60);
    expect([...ids].sort()).toEqual(ids);

    // A later refresh adds rows of its own statement: other ids, still no duplicates.
    await newContacts(api, 5, domain);
    expect((await refresh(segment.id)).body.added).toBe(5);
    const again = await memberRows(segment.id);
    expect(new Set(again.map((r) => r.id)).size).toBe(65);
  });

  it('runs refreshes of one segment started together one at a time: each is done or refused, none fails, members exact', async () => {
    const domain = 'together.example';
    const contacts = await newContacts(api, 40, domain);
    const segment = await createSegment(api, { segment_name: 'Together', segment_type: 'dynamic', criteria: { all: [{ field: 'email_domain', op: 'in', value: [domain] }] } });
    for (let round = 0; round < 3; round++) {
      // Between rounds some contacts leave (another domain) and some come back.
      await api.db.pool.query(`UPDATE directory.contacts SET email = 'x' || id || $2::text WHERE id = ANY($1::uuid[])`, [
        contacts.slice(round * 5, round * 5 + 5),
        `@elsewhere.example`,
      ]);
      if (round > 0) {
        await api.db.pool.query(`UPDATE directory.contacts SET email = 'y' || id || $2::text WHERE id = ANY($1::uuid[])`, [contacts.slice(0, 5), `@${domain}`]);
      }
      const outcomes = await Promise.all([refresh(segment.id), refresh(segment.id), refresh(segment.id), refresh(segment.id)]);
      expect(outcomes.map((o) => o.status).every((s) => s === 200 || s === 409), JSON.stringify(outcomes.map((o) => o.body))).toBe(true);
      expect(outcomes.some((o) => o.status === 200)).toBe(true);
      const { rows } = await api.db.pool.query<{ id: string }>(
        `SELECT id FROM directory.contacts WHERE lower(split_part(email, '@', 2)) = $1 ORDER BY id`,
        [domain],
      );
      const current = (await memberRows(segment.id)).filter((r) => !r.removed).map((r) => r.contact_id);
      expect(current).toEqual(rows.map((r) => r.id));
      expect(await counts(api, segment.id)).toEqual({ stored: rows.length, actual: rows.length });
    }
  });
});
