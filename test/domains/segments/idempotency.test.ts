/**
 * Idempotency-Key on the static segment's bulk member writes (add, remove),
 * through the local HTTP API and the platform's one key table: a retry
 * replays the first answer and writes nothing again (even when the members
 * changed meanwhile), another payload under the same key is 422 and changes
 * nothing, member_count stays exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { counts, createSegment, newContacts, type Problem, type Segment } from './helpers.js';

type Outcome = Record<string, number> & Problem;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const write = (segment: string, op: 'add' | 'remove', contact_ids: string[], key?: string) =>
  api.request<Outcome>('POST', `/v1/segments/${segment}/members${op === 'remove' ? '/remove' : ''}`, {
    as: 'marketer',
    body: { contact_ids },
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

async function memberRows(segmentUuid: string) {
  const { rows } = await api.db.pool.query<{ contact_id: string; added_at: Date; removed_at: Date | null }>(
    'SELECT contact_id, added_at, removed_at FROM marketing.segment_members WHERE segment_id = $1 ORDER BY contact_id',
    [segmentUuid],
  );
  return rows;
}

describe('Idempotency-Key on segment member writes', () => {
  let segment: Segment;
  let contacts: string[];
  beforeAll(async () => {
    segment = await createSegment(api, { segment_name: 'Retried' });
    contacts = await newContacts(api, 4);
  });

  it('add: a retry replays the first answer in one call and writes nothing again, even after the members changed', async () => {
    api.dataApiCalls.length = 0;
    const first = await write(segment.id, 'add', [contacts[0]!, contacts[1]!], '"add-1"');
    expect(first.status).toBe(200);
    // The claim (committed on its own), then the add itself and the stored answer in one transaction.
    expect(api.dataApiCalls).toEqual(['Execute', 'BeginTransaction', 'Execute', 'Execute', 'CommitTransaction']);
    expect(first.body).toEqual({ added: 2, readmitted: 0, already_members: 0 });
    const afterFirst = await memberRows(segment.id);

    // Someone removes contact 0; the client, never having seen its answer, retries the add.
    expect((await write(segment.id, 'remove', [contacts[0]!])).body).toEqual({ removed: 1, not_members: 0 });
    api.dataApiCalls.length = 0;
    const retry = await write(segment.id, 'add', [contacts[0]!, contacts[1]!], '"add-1"');
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    // Not re-admitted (a second run of the add would have cleared removed_at), nothing else touched.
    const rows = await memberRows(segment.id);
    expect(rows.map((r) => [r.contact_id, r.removed_at === null])).toEqual(afterFirst.map((r) => [r.contact_id, r.contact_id !== contacts[0]]));
    expect(rows.map((r) => r.added_at.getTime())).toEqual(afterFirst.map((r) => r.added_at.getTime()));
    expect(await counts(api, segment.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('add: the same key with another payload is 422 and changes nothing', async () => {
    const before = await memberRows(segment.id);
    api.dataApiCalls.length = 0;
    const other = await write(segment.id, 'add', [contacts[2]!], '"add-1"');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(await memberRows(segment.id)).toEqual(before);
    expect(await counts(api, segment.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('remove: a retry replays the first answer and does not remove a member added back since', async () => {
    const first = await write(segment.id, 'remove', [contacts[1]!, contacts[3]!], 'remove-1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ removed: 1, not_members: 1 });
    expect(await counts(api, segment.id)).toEqual({ stored: 0, actual: 0 });

    expect((await write(segment.id, 'add', [contacts[1]!])).body).toEqual({ added: 0, readmitted: 1, already_members: 0 });
    const retry = await write(segment.id, 'remove', [contacts[1]!, contacts[3]!], 'remove-1');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const member = (await memberRows(segment.id)).find((r) => r.contact_id === contacts[1]);
    expect(member?.removed_at).toBeNull();
    expect(await counts(api, segment.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('remove: the same key with another payload (or on another segment) is 422 and changes nothing', async () => {
    const before = await memberRows(segment.id);
    const other = await write(segment.id, 'remove', [contacts[1]!], 'remove-1');
    expect(other.status).toBe(422);
    const elsewhere = await createSegment(api, { segment_name: 'Elsewhere' });
    expect((await write(elsewhere.id, 'remove', [contacts[1]!, contacts[3]!], 'remove-1')).status).toBe(422);
    expect(await memberRows(segment.id)).toEqual(before);
    expect(await counts(api, segment.id)).toEqual({ stored: 1, actual: 1 });
  });
});
