/**
 * Social posts through the local HTTP API: SP ids, CRUD with the author from
 * the token, the caller's status moves (and only those), approvals, 404 /
 * 409 / 412 / 422, pages and filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Post = { id: string; social_post_id: string; status: string; scheduled_at: string | null; created_by: string | null; approval_status: string | null; approved_by: string | null; hashtags: string[] | null };

let api: TestApi;
let accountId: string;
beforeAll(async () => {
  api = await startTestApi();
  accountId = (await api.db.pool.query<{ id: string }>(`INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'Villa Azul') RETURNING id`)).rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function newPost(extra: Record<string, unknown> = {}): Promise<Post> {
  const response = await api.request<Post>('POST', '/v1/social-posts', { as: 'marketer', body: { account_id: accountId, post_type: 'post', caption: 'Sunset', ...extra } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}
const move = (id: string, status: string, headers: Record<string, string> = {}) =>
  api.request<Post & Problem>('POST', `/v1/social-posts/${id}/status`, { as: 'marketer', body: { status }, headers });

describe('social posts', () => {
  it('creates a draft with an SP id and the author from the token; status is not writable', async () => {
    const post = await newPost({ hashtags: ['summer', 'villa'] });
    expect(post.social_post_id).toMatch(/^SP-\d{6}$/);
    expect(post).toMatchObject({ status: 'draft', created_by: 'test-marketer', hashtags: ['summer', 'villa'] });
    const forged = await api.request<Problem>('PATCH', `/v1/social-posts/${post.id}`, { as: 'marketer', body: { status: 'published' } });
    expect(forged.status).toBe(422);
    expect(forged.body.errors!.map((e) => e.path)).toEqual(['body.status']);
  });

  it('schedules only with scheduled_at, unschedules, and refuses moves that are the worker\'s', async () => {
    const post = await newPost();
    const noTime = await move(post.id, 'scheduled');
    expect(noTime.status).toBe(409);
    expect(noTime.body.detail).toMatch(/scheduled_at/);
    await api.request('PATCH', `/v1/social-posts/${post.id}`, { as: 'marketer', body: { scheduled_at: '2030-01-01T09:00:00Z' } });
    const scheduled = await move(post.social_post_id, 'scheduled');
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.status).toBe('scheduled');
    expect((await move(post.id, 'draft')).body.status).toBe('draft');
    const published = await move(post.id, 'published');
    expect(published.status).toBe(422);
    // The worker claimed it: a caller can no longer unschedule it.
    await move(post.id, 'scheduled');
    await api.db.pool.query(`UPDATE marketing.social_posts SET status = 'publishing' WHERE id = $1`, [post.id]);
    const busy = await move(post.id, 'draft');
    expect(busy.status).toBe(409);
    expect(busy.body.errors!.map((e) => e.path)).toEqual(['body.status']);
    // Nor edit what a publisher is sending.
    const edit = await api.request<Problem>('PATCH', `/v1/social-posts/${post.id}`, { as: 'marketer', body: { caption: 'Too late' } });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/publishing/);
    expect((await api.request<Post & { caption: string }>('GET', `/v1/social-posts/${post.id}`)).body.caption).toBe('Sunset');
  });

  it('edits drafts with If-Match (412 when stale) and answers 404 for unknown posts', async () => {
    const post = await newPost();
    const etag = (await api.request('GET', `/v1/social-posts/${post.id}`)).headers.get('etag')!;
    const first = await api.request<Post & { caption: string }>('PATCH', `/v1/social-posts/${post.social_post_id}`, { as: 'marketer', body: { caption: 'New' }, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.body.caption).toBe('New');
    const stale = await api.request('PATCH', `/v1/social-posts/${post.id}`, { as: 'marketer', body: { caption: 'Lost' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request('PATCH', '/v1/social-posts/SP-999999', { as: 'marketer', body: { caption: 'x' } })).status).toBe(404);
  });

  it('honours If-Match on moves (412) and answers 404 for unknown posts', async () => {
    const post = await newPost({ scheduled_at: '2030-01-01T09:00:00Z' });
    const etag = (await api.request('GET', `/v1/social-posts/${post.id}`)).headers.get('etag')!;
    await api.request('PATCH', `/v1/social-posts/${post.id}`, { as: 'marketer', body: { caption: 'Changed' } });
    expect((await move(post.id, 'scheduled', { 'if-match': etag })).status).toBe(412);
    expect((await api.request<Post>('GET', `/v1/social-posts/${post.id}`)).body.status).toBe('draft');
    expect((await move('SP-999999', 'scheduled')).status).toBe(404);
    expect((await api.request('GET', '/v1/social-posts/SP-999999')).status).toBe(404);
  });

  it('records approvals with the approver from the token', async () => {
    const post = await newPost();
    const approved = await api.request<Post>('POST', `/v1/social-posts/${post.id}/approval`, { as: 'marketer', body: { approval_status: 'approved' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ approval_status: 'approved', approved_by: 'test-marketer' });
    const bad = await api.request<Problem>('POST', `/v1/social-posts/${post.id}/approval`, { as: 'marketer', body: { approval_status: 'maybe', approved_by: 'someone' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['body.approval_status', 'body.approved_by']);
    expect((await api.request('POST', `/v1/social-posts/${post.id}/approval`, { as: 'viewer', body: { approval_status: 'approved' } })).status).toBe(403);
  });

  it('refuses bad fields and unknown accounts, and lists with filters in pages', async () => {
    const bad = await api.request<Problem>('POST', '/v1/social-posts', { as: 'marketer', body: { account_id: accountId, post_type: 'tweet', media_urls: ['not a url'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['body.media_urls[0]', 'body.post_type']);
    const orphan = await api.request<Problem>('POST', '/v1/social-posts', { as: 'marketer', body: { account_id: '0190a5f0-0000-7000-8000-000000000000', post_type: 'post' } });
    expect(orphan.status).toBe(422);
    expect(orphan.body.errors!.map((e) => e.path)).toEqual(['body.account_id']);
    for (const n of [1, 2, 3]) await newPost({ caption: `Paged ${n}`, post_type: 'reel' });
    const page = await api.request<{ data: Post[]; next_cursor: string | null }>('GET', '/v1/social-posts?post_type=eq.reel&limit=2');
    expect(page.body.data).toHaveLength(2);
    const rest = await api.request<{ data: Post[]; next_cursor: string | null }>('GET', `/v1/social-posts?post_type=eq.reel&limit=2&cursor=${page.body.next_cursor!}`);
    expect(rest.body.data).toHaveLength(1);
    expect(rest.body.next_cursor).toBeNull();
  });

  it("shows the dispatch worker's record of a post (attempts 0 before any claim) and 404 for unknown posts", async () => {
    const post = await newPost();
    const fresh = await api.request<Record<string, unknown>>('GET', `/v1/social-posts/${post.social_post_id}/dispatch`, { as: 'viewer' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({ post_id: post.id, social_post_id: post.social_post_id, status: 'draft', attempts: 0, started_at: null, lease_until: null, outcome: null, not_before: null, container_id: null, failure_reason: null });
    await api.db.pool.query(`INSERT INTO marketing_ops.social_post_dispatch (post_id, attempts, started_at, outcome, failure_reason) VALUES ($1, 2, '2026-07-01T09:00:00Z', 'unknown', 'No answer')`, [post.id]);
    const held = await api.request<Record<string, unknown>>('GET', `/v1/social-posts/${post.id}/dispatch`, { as: 'viewer' });
    expect(held.body).toMatchObject({ attempts: 2, started_at: '2026-07-01T09:00:00.000Z', outcome: 'unknown', failure_reason: 'No answer' });
    expect((await api.request('GET', '/v1/social-posts/SP-999999/dispatch')).status).toBe(404);
    expect((await api.request('GET', '/v1/social-posts/not-an-id/dispatch')).status).toBe(404);
  });

  it('soft-deletes through the status and deletes the row for admins', async () => {
    const post = await newPost();
    expect((await move(post.id, 'deleted')).body.status).toBe('deleted');
    expect((await move(post.id, 'draft')).status).toBe(409);
    expect((await api.request('DELETE', `/v1/social-posts/${post.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/social-posts/${post.id}`, { as: 'admin' })).status).toBe(204);
  });
});
