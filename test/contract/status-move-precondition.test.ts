/**
 * A status move checks If-Match before the workflow rule, as PATCH does: a
 * stale ETag is a 412 even when the move would also be refused (409), and the
 * row is unchanged. Every domain with `POST …/status` (content, campaigns,
 * social posts) through the local HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import type { Problem } from '../support/types.js';

type Row = { id: string; status: string };

let api: TestApi;
let accountId: string;
beforeAll(async () => {
  api = await startTestApi();
  accountId = (await api.db.pool.query<{ id: string }>(`INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'Villa Azul') RETURNING id`)).rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

const STALE = '"v.c3RhbGU"';

/** Each domain: how to make a draft, and a move not allowed from draft and one that is. */
const cases = [
  { name: 'content', collection: '/v1/content', body: { content_type: 'blog', title: 'Stale' }, refused: 'approved', allowed: 'review' },
  { name: 'campaigns', collection: '/v1/campaigns', body: { campaign_name: 'Stale', campaign_type: 'email' }, refused: 'active', allowed: 'cancelled' },
  { name: 'social posts', collection: '/v1/social-posts', body: () => ({ account_id: accountId, post_type: 'post', caption: 'Stale' }), refused: 'draft', allowed: 'deleted' },
] as const;

describe.each(cases)('$name: POST …/status with If-Match', ({ collection, body, refused, allowed }) => {
  async function draft(): Promise<{ row: Row; etag: string }> {
    const made = await api.request<Row>('POST', collection, { as: 'marketer', body: typeof body === 'function' ? body() : body });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return { row: made.body, etag: made.headers.get('etag')! };
  }
  const move = (id: string, status: string, ifMatch?: string) =>
    api.request<Row & Problem>('POST', `${collection}/${id}/status`, { as: 'marketer', body: { status }, ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}) });

  it('a stale If-Match is a 412 before the workflow rule (a move it would refuse anyway), and changes nothing', async () => {
    const { row } = await draft();
    expect((await move(row.id, refused)).status).toBe(409);
    const stale = await move(row.id, refused, STALE);
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toMatch(/If-Match/);
    expect((await api.request<Row>('GET', `${collection}/${row.id}`)).body.status).toBe('draft');
  });

  it('a stale If-Match on an allowed move is a 412 too, and a current one moves', async () => {
    const { row, etag } = await draft();
    expect((await move(row.id, allowed, STALE)).status).toBe(412);
    const moved = await move(row.id, allowed, etag);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.status).toBe(allowed);
    expect(Object.keys(moved.body).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it('a current If-Match still learns the rule (409 naming body.status)', async () => {
    const { row, etag } = await draft();
    const refusedMove = await move(row.id, refused, etag);
    expect(refusedMove.status).toBe(409);
    expect(refusedMove.body.errors?.map((e) => e.path)).toEqual(['body.status']);
  });
});
