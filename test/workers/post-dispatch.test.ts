import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor } from '../../local/pg-executor.js';
import { claimDuePosts } from '../../lambdas/workers/post-dispatch/claim.js';
import { createTestDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

describe('post dispatch claim (one statement, real PostgreSQL)', () => {
  let db: TestDatabase;
  let account: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ id: string }>(
      "INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'Main') RETURNING id",
    );
    account = rows[0]!.id;
  });
  afterAll(async () => {
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
    expect(claimed[0]).toMatchObject({ account_id: account, post_type: 'post' });
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
});
