/**
 * Idempotency-Key on the bulk ingest routes, through the local HTTP API and
 * the platform's one table: a retry replays the first answer and stores
 * nothing, another payload under the key is 422, a retry while the first
 * runs is 409, keys are per client and expire, an error frees the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../lambdas/platform/idempotency/policy.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Ingest = { received: number; stored: number; rejected: number; errors: Array<{ path: string; message: string }> };

let api: TestApi;
let contactId: string;
let campaignId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (full_name, email) VALUES ('Ana', 'ana@example.com') RETURNING id`);
  contactId = rows[0]!.id;
  const made = await api.request<{ id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'Idempotent', campaign_type: 'email' } });
  campaignId = made.body.id;
});
afterAll(async () => {
  await api.stop();
});

async function stored(): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM marketing.campaign_events WHERE campaign_id = $1`, [campaignId]);
  return rows[0]!.n;
}

async function keyRows(key: string) {
  const { rows } = await api.db.pool.query(`SELECT scope, response IS NOT NULL AS done FROM marketing_ops.idempotency_keys WHERE idempotency_key = $1 ORDER BY scope`, [key]);
  return rows;
}

const path = () => `/v1/campaigns/${campaignId}/events`;
const events = (n: number, type = 'sent') => ({ events: Array.from({ length: n }, () => ({ contact: contactId, event_type: type })) });
const post = (key: string | null, body: unknown, as: 'marketer' | 'admin' = 'marketer') =>
  api.request<Ingest & Problem>('POST', path(), { as, body, headers: key === null ? {} : { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('replays the first answer for a retry in one Data API call and stores nothing twice', async () => {
    const before = await stored();
    api.dataApiCalls.length = 0;
    const first = await post('"retry-1"', events(3));
    expect(first.status).toBe(200);
    // The claim (committed on its own), then the route's own statement and the stored answer in one transaction.
    expect(api.dataApiCalls).toEqual(['Execute', 'BeginTransaction', 'Execute', 'Execute', 'CommitTransaction']);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    api.dataApiCalls.length = 0;
    const retry = await post('"retry-1"', events(3));
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The bare (unquoted) form names the same key.
    expect((await post('retry-1', events(3))).headers.get('idempotent-replayed')).toBe('true');
    expect(await stored()).toBe(before + 3);
  });

  it('answers 422 for the same key with a different payload, storing nothing', async () => {
    expect((await post('payload-1', events(1))).status).toBe(200);
    const before = await stored();
    const other = await post('payload-1', events(2));
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/problem\+json/);
    expect(other.body.errors?.map((e) => e.path)).toEqual(['headers.idempotency-key']);
    const otherPath = await api.request<Problem>('POST', '/v1/campaign-events', {
      as: 'marketer',
      body: { events: [{ campaign: campaignId, contact: contactId, event_type: 'sent' }] },
      headers: { 'idempotency-key': 'payload-1' },
    });
    expect(otherPath.status).toBe(422);
    expect(await stored()).toBe(before);
  });

  it('answers 409 while the first request with the key is still running, and lets a retry take over an abandoned claim', async () => {
    const body = JSON.stringify(events(1));
    const print = fingerprint('POST', path(), Buffer.from(body));
    await api.db.pool.query(
      `INSERT INTO marketing_ops.idempotency_keys (scope, idempotency_key, fingerprint, claim_token, locked_until, expires_at)
       VALUES ('sub:test-marketer', 'running-1', $1, gen_random_uuid(), now() + interval '1 minute', now() + interval '1 day')`,
      [print],
    );
    const before = await stored();
    const busy = await api.request<Problem>('POST', path(), { as: 'marketer', body, headers: { 'idempotency-key': 'running-1' } });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(/still being processed/);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(await stored()).toBe(before);
    // The claim's lease ran out (its function died): the same payload may run now.
    await api.db.pool.query(`UPDATE marketing_ops.idempotency_keys SET locked_until = now() - interval '1 second' WHERE idempotency_key = 'running-1'`);
    const taken = await api.request<Ingest>('POST', path(), { as: 'marketer', body, headers: { 'idempotency-key': 'running-1' } });
    expect(taken.status).toBe(200);
    expect(await stored()).toBe(before + 1);
    expect(await keyRows('running-1')).toEqual([{ scope: 'sub:test-marketer', done: true }]);
  });

  it('scopes keys per client: another caller with the same key is a new request', async () => {
    const before = await stored();
    expect((await post('shared-1', events(1), 'marketer')).status).toBe(200);
    const other = await post('shared-1', events(2), 'admin');
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await stored()).toBe(before + 3);
    expect(await keyRows('shared-1')).toEqual([
      { scope: 'sub:test-admin', done: true },
      { scope: 'sub:test-marketer', done: true },
    ]);
  });

  it('frees an expired key for a new request, whatever its payload', async () => {
    expect((await post('expiring-1', events(1))).status).toBe(200);
    await api.db.pool.query(`UPDATE marketing_ops.idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'expiring-1'`);
    const before = await stored();
    const again = await post('expiring-1', events(2));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await stored()).toBe(before + 2);
  });

  it('stores no error answer: the key is released, so the fixed request can run under it', async () => {
    const bad = await post('error-1', events(1, 'forwarded'));
    expect(bad.status).toBe(422);
    expect(await keyRows('error-1')).toEqual([]);
    const before = await stored();
    const fixed = await post('error-1', events(1));
    expect(fixed.status).toBe(200);
    expect(await stored()).toBe(before + 1);
    const unknown = await api.request<Problem>('POST', '/v1/campaigns/CMP-999999/events', { as: 'marketer', body: events(1), headers: { 'idempotency-key': 'error-2' } });
    expect(unknown.status).toBe(404);
    expect(await keyRows('error-2')).toEqual([]);
  });

  it('commits the work and its stored answer together: when storing the answer fails, nothing of the work is left, and the retry runs once', async () => {
    // A real failure at the one moment the old code got wrong (work committed, answer not yet stored, as a crash
    // there would leave it): a trigger refuses to store this key's answer.
    await api.db.pool.query(`CREATE FUNCTION pg_temp_fail_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'answer not stored (test)'; END $$`);
    await api.db.pool.query(`CREATE TRIGGER test_fail_answer BEFORE UPDATE OF response ON marketing_ops.idempotency_keys
      FOR EACH ROW WHEN (NEW.idempotency_key = 'crash-1' AND NEW.response IS NOT NULL) EXECUTE FUNCTION pg_temp_fail_answer()`);
    const before = await stored();
    try {
      const failed = await post('crash-1', events(2));
      expect(failed.status).toBeGreaterThanOrEqual(500);
      // The events the route inserted went with the failed answer (before: stored, and the key left claimed, so a
      // retry after the 60 s lease stored them again).
      expect(await stored()).toBe(before);
      expect(await keyRows('crash-1')).toEqual([]);
    } finally {
      await api.db.pool.query('DROP TRIGGER test_fail_answer ON marketing_ops.idempotency_keys');
      await api.db.pool.query('DROP FUNCTION pg_temp_fail_answer()');
    }
    const retried = await post('crash-1', events(2));
    expect(retried.status).toBe(200);
    expect(await stored()).toBe(before + 2);
    expect((await post('crash-1', events(2))).headers.get('idempotent-replayed')).toBe('true');
    expect(await stored()).toBe(before + 2);
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const before = await stored();
    for (const key of ['', '"unterminated', 'x'.repeat(256), 'tab\there']) {
      const response = await post(key, events(1));
      expect(response.status, key).toBe(400);
      expect(response.body.errors?.map((e) => e.path)).toEqual(['headers.idempotency-key']);
    }
    expect(await stored()).toBe(before);
  });

  it('replays only the status of an answer too large to keep (the Data API returns rows of at most 64 KB), running nothing again', async () => {
    // One good event and 1,500 unknown contacts: the answer lists 1,500 errors (~100 KB).
    const body = { events: [{ contact: contactId, event_type: 'sent' }, ...Array.from({ length: 1_500 }, (_, i) => ({ contact: `nobody${i}@example.com`, event_type: 'sent' }))] };
    const first = await post('large-1', body);
    expect(first.status).toBe(200);
    expect(first.body.errors).toHaveLength(1_500);
    const before = await stored();
    const retry = await api.request<{ replay_omitted: boolean; detail: string }>('POST', path(), { as: 'marketer', body, headers: { 'idempotency-key': 'large-1' } });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.replay_omitted).toBe(true);
    expect(retry.body.detail).toMatch(/only its status is replayed/);
    expect(await stored()).toBe(before);
  });

  it('works without the header (the key is optional) in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    expect((await post(null, events(1))).status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
  });
});
