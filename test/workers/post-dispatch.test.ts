/**
 * The dispatch claim: one statement over the real PostgreSQL (directly and
 * through the Data API): due posts only, leases, reconcile claims of expired
 * leases, and two runs at the same time claiming disjoint posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor } from '../../local/pg-executor.js';
import { claimDuePosts } from '../../lambdas/workers/post-dispatch/claim.js';
import { recordResult } from '../../lambdas/workers/post-dispatch/record.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';
import { createTestDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

describe('post dispatch claim (one statement, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataApi: TestDataApi;
  let account: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataApi = await startTestDataApi(db);
    const { rows } = await db.pool.query<{ id: string }>(
      "INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'Main') RETURNING id",
    );
    account = rows[0]!.id;
  });
  afterAll(async () => {
    await dataApi.stop();
    await db.drop();
  });

  async function post(status: string, scheduledAt: string | null): Promise<string> {
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO marketing.social_posts (account_id, post_type, status, scheduled_at)
       VALUES ($1, 'post', $2, now() + $3::interval) RETURNING id`,
      [account, status, scheduledAt],
    );
    return rows[0]!.id;
  }

  async function statusOf(id: string): Promise<string> {
    const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM marketing.social_posts WHERE id = $1', [id]);
    return rows[0]!.status;
  }

  it('claims only scheduled posts that are due, oldest first, once', async () => {
    const dueOld = await post('scheduled', '-2 hours');
    const dueNew = await post('scheduled', '-1 minute');
    const future = await post('scheduled', '1 hour');
    const draft = await post('draft', '-1 hour');
    const unscheduled = await post('scheduled', null);

    const claimed = await claimDuePosts(pgExecutor(db.pool));

    expect(claimed.map((p) => p.id)).toEqual([dueOld, dueNew]);
    expect(claimed[0]).toMatchObject({ account_id: account, post_type: 'post', attempt: 1, reconcile: false, container_id: null, account: { platform: 'instagram', sealed_token: null } });
    expect(claimed[0]!.social_post_id).toMatch(/^SP-\d{6}$/);
    expect(claimed[0]!.scheduled_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await statusOf(dueOld)).toBe('publishing');
    expect(await statusOf(dueNew)).toBe('publishing');
    expect(await statusOf(future)).toBe('scheduled');
    expect(await statusOf(draft)).toBe('draft');
    expect(await statusOf(unscheduled)).toBe('scheduled');

    expect(await claimDuePosts(pgExecutor(db.pool))).toEqual([]);
  });

  it('claims at most one batch per run', async () => {
    await post('scheduled', '-3 minutes');
    await post('scheduled', '-2 minutes');
    await post('scheduled', '-1 minutes');

    expect(await claimDuePosts(pgExecutor(db.pool), 2)).toHaveLength(2);
    expect(await claimDuePosts(pgExecutor(db.pool), 2)).toHaveLength(1);
  });

  it('claims a publishing post again only after its lease ran out, as a reconcile', async () => {
    const id = await post('scheduled', '-1 minute');
    const [first] = await claimDuePosts(pgExecutor(db.pool), 10, 300);
    expect(first).toMatchObject({ id, attempt: 1, reconcile: false });
    expect(await claimDuePosts(pgExecutor(db.pool))).toEqual([]);
    await db.pool.query(`UPDATE marketing_ops.social_post_dispatch SET lease_until = now() - interval '1 second', container_id = 'c-1' WHERE post_id = $1`, [id]);
    const [again] = await claimDuePosts(pgExecutor(db.pool));
    expect(again).toMatchObject({ id, attempt: 2, reconcile: true, container_id: 'c-1', publishing_started_at: first!.publishing_started_at });
    await db.pool.query(`UPDATE marketing.social_posts SET status = 'failed' WHERE id = $1`, [id]);
  });

  it('writes an outcome only for the claim that holds the post: a run whose lease was taken over changes nothing', async () => {
    const id = await post('scheduled', '-1 minute');
    const [first] = await claimDuePosts(pgExecutor(db.pool));
    await db.pool.query(`UPDATE marketing_ops.social_post_dispatch SET lease_until = now() - interval '1 second' WHERE post_id = $1`, [id]);
    const [second] = await claimDuePosts(dataApi.executor);
    expect(second).toMatchObject({ id, attempt: 2, reconcile: true });
    expect(await recordResult(dataApi.executor, first!, { kind: 'failed', reason: 'late' }, 60)).toBe(false);
    expect(await statusOf(id)).toBe('publishing');
    expect(await recordResult(dataApi.executor, second!, { kind: 'published', externalPostId: 'm-1', externalUrl: 'https://x.example/m-1' }, 60)).toBe(true);
    const { rows } = await db.pool.query('SELECT p.status, p.external_post_id, d.lease_until, d.failure_reason FROM marketing.social_posts p JOIN marketing_ops.social_post_dispatch d ON d.post_id = p.id WHERE p.id = $1', [id]);
    expect(rows[0]).toEqual({ status: 'published', external_post_id: 'm-1', lease_until: null, failure_reason: null });
    // Published: no later outcome of any claim applies.
    expect(await recordResult(dataApi.executor, second!, { kind: 'failed', reason: 'again' }, 60)).toBe(false);
  });

  it('holds a deferred post back until not_before', async () => {
    const id = await post('scheduled', '-1 minute');
    await db.pool.query(`INSERT INTO marketing_ops.social_post_dispatch (post_id, outcome, not_before) VALUES ($1, 'deferred', now() + interval '1 hour')`, [id]);
    expect((await claimDuePosts(pgExecutor(db.pool))).map((p) => p.id)).not.toContain(id);
    await db.pool.query(`UPDATE marketing_ops.social_post_dispatch SET not_before = now() - interval '1 second' WHERE post_id = $1`, [id]);
    const [claimed] = await claimDuePosts(pgExecutor(db.pool));
    expect(claimed).toMatchObject({ id, attempt: 1, reconcile: false });
    const { rows } = await db.pool.query('SELECT outcome, not_before FROM marketing_ops.social_post_dispatch WHERE post_id = $1', [id]);
    expect(rows[0]).toEqual({ outcome: null, not_before: null });
  });

  it('two runs at the same time through the Data API never claim the same post', async () => {
    // Reconcile claims too: expired leases of posts still publishing.
    await db.pool.query(`UPDATE marketing_ops.social_post_dispatch SET lease_until = now() - interval '1 minute'`);
    const reclaimable = (await db.pool.query<{ post_id: string }>(`SELECT d.post_id FROM marketing_ops.social_post_dispatch d JOIN marketing.social_posts p ON p.id = d.post_id WHERE p.status = 'publishing'`)).rows.map((r) => r.post_id);
    expect(reclaimable.length).toBeGreaterThan(3);
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push(await post('scheduled', `-${n + 1} seconds`));
    const all = [...ids, ...reclaimable];
    const runs = await Promise.all([0, 1, 2, 3].map(() => claimDuePosts(dataApi.executor, 10)));
    const claimed = runs.flat().map((p) => p.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.every((id) => all.includes(id))).toBe(true);
    // Whatever one round left, later rounds take, each post once.
    const rest = (await claimDuePosts(dataApi.executor, 100)).map((p) => p.id);
    expect([...claimed, ...rest].sort()).toEqual([...all].sort());
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM marketing.social_posts p JOIN marketing_ops.social_post_dispatch d ON d.post_id = p.id
        WHERE p.id = ANY($1) AND d.attempts = 1 AND p.status = 'publishing'`,
      [ids],
    );
    expect(rows[0]!.n).toBe(30);
  });
});
