/**
 * The real post-dispatch worker (its Lambda handler) against the local Graph
 * API stand-in, over the embedded PostgreSQL through the local Data API, with
 * accounts and posts made through the HTTP API (tokens sealed by the local
 * key provider): Instagram's container flow, Facebook Page posts, the 50/24 h
 * limit (deferred, not failed), token expiry (190 → reauth_required), a
 * platform without a publisher, an ambiguous publish (the stand-in times out
 * after publishing) that is reconciled and never published twice, and two
 * runs at the same time. Every line written meanwhile is searched for the
 * tokens at the end.
 */
import { captured } from '../domains/social/capture-logs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../lambdas/workers/post-dispatch/handler.js';
import { startGraphStandIn, type GraphStandIn } from '../../local/stand-ins/graph-api.js';
import { startTestApi, type TestApi } from '../support/api.js';

type Post = {
  id: string;
  social_post_id: string;
  status: string;
  external_post_id: string | null;
  external_url: string | null;
  published_at: string | null;
  /** From GET …/dispatch. */
  attempts: number;
  outcome: string | null;
  not_before: string | null;
  failure_reason: string | null;
};

let api: TestApi;
let graph: GraphStandIn;
const tokens: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  graph = await startGraphStandIn({ processingPolls: 2 });
  Object.assign(process.env, {
    GRAPH_API_BASE_URL: graph.url,
    GRAPH_API_VERSION: graph.version,
    GRAPH_API_TIMEOUT_MS: '400',
    GRAPH_CONTAINER_POLL_MS: '5',
  });
});
afterAll(async () => {
  await graph.stop();
  await api.stop();
});

async function account(platform: string, external: string, token: string | null = `EAAG-${external}-tok-${tokens.length}x9`): Promise<string> {
  if (token) {
    tokens.push(token);
    graph.addToken(token);
  }
  const created = await api.request<{ id: string }>('POST', '/v1/social-accounts', {
    body: { platform, account_name: `${platform} ${external}`, external_account_id: external, ...(token ? { access_token: token } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  bodies.push(JSON.stringify(created.body));
  return created.body.id;
}

async function scheduled(accountId: string, extra: Record<string, unknown> = {}): Promise<Post> {
  const created = await api.request<Post>('POST', '/v1/social-posts', {
    as: 'marketer',
    body: { account_id: accountId, post_type: 'post', caption: `Sunset ${Math.random()}`, scheduled_at: new Date(Date.now() - 60_000).toISOString(), ...extra },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const moved = await api.request<Post>('POST', `/v1/social-posts/${created.body.id}/status`, { as: 'marketer', body: { status: 'scheduled' } });
  expect(moved.status).toBe(200);
  return moved.body;
}

/** The post and the dispatch worker's record of it, both as the API answers them. */
async function read(id: string): Promise<Post> {
  const post = await api.request<Post>('GET', `/v1/social-posts/${id}`, { as: 'viewer' });
  const dispatch = await api.request<Post>('GET', `/v1/social-posts/${id}/dispatch`, { as: 'viewer' });
  expect(dispatch.status).toBe(200);
  bodies.push(JSON.stringify(post.body), JSON.stringify(dispatch.body));
  return { ...post.body, ...dispatch.body };
}

/** What the passing of the hold time does: the held post's lease runs out. */
const expireLease = (id: string) => api.db.pool.query(`UPDATE marketing_ops.social_post_dispatch SET lease_until = now() - interval '1 second' WHERE post_id = $1`, [id]);

describe('post dispatch against the Graph API stand-in', () => {
  it('publishes to Instagram through container → status polling → media_publish and records id and permalink', async () => {
    const acc = await account('instagram', 'ig-1');
    const post = await scheduled(acc, { media_urls: ['https://cdn.example.com/sunset.jpg'], hashtags: ['villa', '#summer'], caption: 'Sunset at Villa Azul' });
    const from = graph.requests.length;
    const run = await handler();
    expect(run).toMatchObject({ claimed: 1, published: 1, failed: 0, unknown: 0 });
    const after = await read(post.id);
    const [medium] = graph.published('ig-1');
    expect(medium!.text).toBe('Sunset at Villa Azul\n\n#villa #summer');
    expect(after).toMatchObject({ status: 'published', external_post_id: medium!.id, external_url: medium!.permalink, attempts: 1, outcome: null });
    expect(after.published_at).not.toBeNull();
    const calls = graph.requests.slice(from);
    expect(calls.filter((c) => c === 'POST /ig-1/media')).toHaveLength(1);
    expect(calls.filter((c) => c === 'POST /ig-1/media_publish')).toHaveLength(1);
    // Polled until FINISHED (the stand-in answers IN_PROGRESS twice first).
    const container = graph.containers('ig-1')[0]!;
    expect(calls.filter((c) => c === `GET /${container.id}`).length).toBeGreaterThanOrEqual(3);
    expect(container.status).toBe('PUBLISHED');
  });

  it('publishes a carousel and a Facebook Page post with a photo or a link', async () => {
    const ig = await account('instagram', 'ig-carousel');
    const carousel = await scheduled(ig, { post_type: 'carousel', media_urls: ['https://cdn.example.com/1.jpg', 'https://cdn.example.com/2.mp4'] });
    const page = await account('facebook', 'page-1');
    const photo = await scheduled(page, { media_urls: ['https://cdn.example.com/pool.jpg'], caption: 'Pool' });
    const link = await scheduled(page, { caption: 'Book now', link_url: 'https://villa.example.com' });
    expect(await handler()).toMatchObject({ claimed: 3, published: 3 });
    expect((await read(carousel.id)).external_post_id).toBe(graph.published('ig-carousel')[0]!.id);
    const [photoPost, linkPost] = graph.published('page-1');
    expect(await read(photo.id)).toMatchObject({ status: 'published', external_post_id: photoPost!.id, external_url: photoPost!.permalink });
    expect(await read(link.id)).toMatchObject({ status: 'published', external_post_id: linkPost!.id });
    expect(linkPost!.text).toBe('Book now');
  });

  it('reconciles an Instagram publish that timed out after going live: recorded, never published twice', async () => {
    const acc = await account('instagram', 'ig-timeout');
    const post = await scheduled(acc, { media_urls: ['https://cdn.example.com/a.jpg'] });
    graph.timeoutAfterPublish(1);
    expect(await handler()).toMatchObject({ claimed: 1, unknown: 1, published: 0 });
    expect(graph.publishCalls('ig-timeout')).toBe(1);
    const held = await read(post.id);
    expect(held).toMatchObject({ status: 'publishing', outcome: 'unknown', external_post_id: null });
    expect(held.failure_reason).toMatch(/No answer from the Graph API/);
    // Within the hold time nothing touches it.
    expect(await handler()).toMatchObject({ claimed: 0 });

    await expireLease(post.id);
    const from = graph.requests.length;
    expect(await handler()).toMatchObject({ claimed: 1, published: 1 });
    expect(graph.requests.slice(from)).not.toContain('POST /ig-timeout/media_publish');
    expect(graph.publishCalls('ig-timeout')).toBe(1);
    const medium = graph.published('ig-timeout')[0]!;
    expect(await read(post.id)).toMatchObject({ status: 'published', external_post_id: medium.id, external_url: medium.permalink, attempts: 2 });
  });

  it('reconciles a Facebook post that timed out after going live by its text on the Page feed', async () => {
    const page = await account('facebook', 'page-timeout');
    const post = await scheduled(page, { caption: 'Late checkout included', hashtags: ['villa'] });
    graph.timeoutAfterPublish(1);
    expect(await handler()).toMatchObject({ unknown: 1 });
    await expireLease(post.id);
    expect(await handler()).toMatchObject({ published: 1 });
    expect(graph.publishCalls('page-timeout')).toBe(1);
    expect((await read(post.id)).external_post_id).toBe(graph.published('page-timeout')[0]!.id);
  });

  it('publishes again after a timeout only when the reconcile finds nothing live', async () => {
    const page = await account('facebook', 'page-lost');
    const post = await scheduled(page, { caption: 'Never arrived' });
    // The first attempt's call never reached the platform (the worker died before it): nothing is on the feed.
    await api.db.pool.query(`UPDATE marketing.social_posts SET status = 'publishing' WHERE id = $1`, [post.id]);
    await api.db.pool.query(`INSERT INTO marketing_ops.social_post_dispatch (post_id, attempts, started_at, outcome, lease_until) VALUES ($1, 1, now(), 'unknown', now() - interval '1 second')`, [post.id]);
    expect(await handler()).toMatchObject({ published: 1 });
    expect(graph.publishCalls('page-lost')).toBe(1);
    expect(await read(post.id)).toMatchObject({ status: 'published', attempts: 2 });
  });

  it('hands back a post it has no time left to start, and the next run publishes it once', async () => {
    const page = await account('facebook', 'page-late');
    const post = await scheduled(page, { caption: 'Last call' });
    const from = graph.requests.length;
    expect(await handler(undefined, { getRemainingTimeInMillis: () => 10_000 })).toMatchObject({ claimed: 1, unknown: 1 });
    expect(graph.requests.length).toBe(from);
    const handedBack = await read(post.id);
    expect(handedBack).toMatchObject({ status: 'publishing', outcome: 'unknown', attempts: 1 });
    expect(handedBack.failure_reason).toMatch(/ran out of time/);
    expect(await handler(undefined, { getRemainingTimeInMillis: () => 100_000 })).toMatchObject({ claimed: 1, published: 1 });
    expect(graph.publishCalls('page-late')).toBe(1);
  });

  it('stops retrying an outcome still unknown after 5 attempts: failed, saying to check the platform', async () => {
    const page = await account('facebook', 'page-unknown');
    const post = await scheduled(page, { caption: 'Flaky network' });
    await api.db.pool.query(`UPDATE marketing.social_posts SET status = 'publishing' WHERE id = $1`, [post.id]);
    await api.db.pool.query(`INSERT INTO marketing_ops.social_post_dispatch (post_id, attempts, started_at, outcome, lease_until) VALUES ($1, 4, now(), 'unknown', now() - interval '1 second')`, [post.id]);
    graph.timeoutAfterPublish(1);
    expect(await handler()).toMatchObject({ claimed: 1, failed: 1 });
    const failed = await read(post.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
    expect(failed.failure_reason).toMatch(/still unknown after 5 attempts.*Check facebook before scheduling it again/s);
  });

  it('defers, not fails, an Instagram post when the account published 50 in the last 24 hours', async () => {
    const acc = await account('instagram', 'ig-busy');
    graph.seedPublished('ig-busy', 50);
    const post = await scheduled(acc, { media_urls: ['https://cdn.example.com/a.jpg'] });
    expect(await handler()).toMatchObject({ claimed: 1, deferred: 1, failed: 0 });
    const deferred = await read(post.id);
    expect(deferred).toMatchObject({ status: 'scheduled', outcome: 'deferred' });
    expect(deferred.failure_reason).toMatch(/50 posts/);
    expect(Date.parse(deferred.not_before!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(graph.containers('ig-busy')).toEqual([]);
    // Not claimed again before not_before.
    expect(await handler()).toMatchObject({ claimed: 0 });
  });

  it('fails the post and marks the account reauth_required on an expired token (190); a new token re-activates it', async () => {
    const token = 'EAAG-expiring-tok-7f3e';
    const acc = await account('instagram', 'ig-expired', token);
    graph.expireToken(token);
    const first = await scheduled(acc, { media_urls: ['https://cdn.example.com/a.jpg'] });
    expect(await handler()).toMatchObject({ failed: 1 });
    const failed = await read(first.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toMatch(/190\/463/);
    expect(failed.failure_reason).toMatch(/reconnect/);
    const accountRead = await api.request<{ status: string }>('GET', `/v1/social-accounts/${acc}`);
    expect(accountRead.body.status).toBe('reauth_required');

    const second = await scheduled(acc, { media_urls: ['https://cdn.example.com/b.jpg'] });
    const from = graph.requests.length;
    expect(await handler()).toMatchObject({ failed: 1 });
    expect(graph.requests.length).toBe(from);
    expect((await read(second.id)).failure_reason).toMatch(/re-authorisation/);

    const fresh = 'EAAG-renewed-tok-1c2d';
    tokens.push(fresh);
    graph.addToken(fresh);
    const patched = await api.request<{ status: string }>('PATCH', `/v1/social-accounts/${acc}`, { body: { access_token: fresh } });
    expect(patched.body.status).toBe('active');
    await api.request('POST', `/v1/social-posts/${second.id}/status`, { as: 'marketer', body: { status: 'scheduled' } });
    expect(await handler()).toMatchObject({ published: 1 });
  });

  it('records "no publisher", a missing token, a container in ERROR and refused media as failures', async () => {
    const tiktok = await account('tiktok', 'tt-1');
    const none = await scheduled(tiktok, { media_urls: ['https://cdn.example.com/v.mp4'] });
    const tokenless = await scheduled(await account('instagram', 'ig-no-token', null), { media_urls: ['https://cdn.example.com/a.jpg'] });
    const ig = await account('instagram', 'ig-error');
    const text = await scheduled(ig);
    expect(await handler()).toMatchObject({ claimed: 3, failed: 3 });
    expect((await read(none.id)).failure_reason).toBe('No publisher for tiktok.');
    expect((await read(tokenless.id)).failure_reason).toMatch(/no access token/);
    expect((await read(text.id)).failure_reason).toMatch(/media/);

    graph.failNextContainer();
    const broken = await scheduled(ig, { media_urls: ['https://cdn.example.com/a.jpg'] });
    expect(await handler()).toMatchObject({ failed: 1 });
    expect((await read(broken.id)).failure_reason).toMatch(/ended in ERROR/);
    expect(graph.publishCalls('ig-error')).toBe(0);
  });

  it('two runs at the same time publish each post exactly once', async () => {
    const ig = await account('instagram', 'ig-race');
    const page = await account('facebook', 'page-race');
    const posts: Post[] = [];
    for (let n = 0; n < 8; n++) posts.push(await scheduled(n % 2 ? page : ig, { caption: `Race ${n}`, ...(n % 2 ? {} : { media_urls: [`https://cdn.example.com/${n}.jpg`] }) }));
    const runs = await Promise.all([handler(), handler()]);
    expect(runs.reduce((n, r) => n + r.claimed, 0)).toBe(8);
    expect(runs.reduce((n, r) => n + r.published, 0)).toBe(8);
    expect(graph.publishCalls('ig-race') + graph.publishCalls('page-race')).toBe(8);
    const ids = await Promise.all(posts.map(async (p) => (await read(p.id)).external_post_id));
    expect(new Set(ids).size).toBe(8);
    expect([...graph.published('ig-race'), ...graph.published('page-race')].map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('wrote no access token in any log line or response body (the publisher path included)', () => {
    const lines = captured.join('');
    expect(lines).toMatch(/post dispatched/);
    expect(lines).toMatch(/190/);
    expect(tokens.length).toBeGreaterThan(5);
    // The publishers send it in the Authorization header only, never in a URL.
    expect(graph.requests.length).toBeGreaterThan(50);
    expect(graph.tokensInUrl()).toBe(0);
    for (const token of tokens) {
      expect(lines).not.toContain(token);
      for (const body of bodies) expect(body).not.toContain(token);
    }
  });
});
