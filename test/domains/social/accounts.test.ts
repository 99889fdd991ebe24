/**
 * Social accounts through the local HTTP API: SA ids, the platform CHECK, one
 * account per platform per property (409), and the access token: write-only,
 * stored as ciphertext that opens only under its own account's context,
 * never in a response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDataKeyProvider, openSecret } from '../../../lambdas/platform/crypto/index.js';
import { tokenContext } from '../../../lambdas/social/service.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Account = { id: string; social_account_id: string; platform: string; property_id: string | null; token_expires_at: string | null };

let api: TestApi;
let propertyId: string;
const seen: string[] = [];
const TOKEN = 'EAAGsecret-token-value-0123456789';

beforeAll(async () => {
  api = await startTestApi();
  propertyId = (await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa Azul') RETURNING id`)).rows[0]!.id;
});
afterAll(async () => {
  // No response of this file carried the token.
  for (const text of seen) expect(text).not.toContain('secret-token');
  await api.stop();
});

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await api.request<T>(method, path, { as: 'admin', ...(body === undefined ? {} : { body }), headers });
  seen.push(JSON.stringify(response.body), JSON.stringify([...response.headers]));
  return response;
}

async function stored(id: string): Promise<string | null> {
  return (await api.db.pool.query<{ access_token: string | null }>('SELECT access_token FROM marketing.social_accounts WHERE id = $1', [id])).rows[0]!.access_token;
}

describe('social accounts', () => {
  it('stores the token as ciphertext bound to the account and never returns it', async () => {
    const created = await call<Account & Record<string, unknown>>('POST', '/v1/social-accounts', {
      platform: 'instagram',
      account_name: 'Villa Azul',
      property_id: propertyId,
      access_token: TOKEN,
      token_expires_at: '2026-06-01T00:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.body.social_account_id).toMatch(/^SA-\d{6}$/);
    expect(created.body).not.toHaveProperty('access_token');
    expect(created.body.token_expires_at).toBe('2026-06-01T00:00:00.000Z');

    const sealed = (await stored(created.body.id))!;
    expect(sealed.startsWith('loc1.')).toBe(true);
    expect(sealed).not.toContain(TOKEN);
    expect(await openSecret(localDataKeyProvider(), sealed, tokenContext(created.body.id))).toBe(TOKEN);
    await expect(openSecret(localDataKeyProvider(), sealed, tokenContext('0190a5f0-0000-7000-8000-000000000000'))).rejects.toThrow();

    const read = await call<Record<string, unknown>>('GET', `/v1/social-accounts/${created.body.social_account_id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('access_token');
    const list = await call<{ data: Array<Record<string, unknown>> }>('GET', '/v1/social-accounts?platform=eq.instagram');
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty('access_token');
  });

  it('replaces the token on PATCH (by business id too), sealed again for the same account', async () => {
    const account = (await call<Account>('POST', '/v1/social-accounts', { platform: 'facebook', account_name: 'Company page' })).body;
    expect(await stored(account.id)).toBeNull();
    const patched = await call<Record<string, unknown>>('PATCH', `/v1/social-accounts/${account.social_account_id}`, { access_token: 'new-secret-token-2' });
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty('access_token');
    expect(await openSecret(localDataKeyProvider(), (await stored(account.id))!, tokenContext(account.id))).toBe('new-secret-token-2');
    expect((await call('PATCH', '/v1/social-accounts/SA-999999', { access_token: 'x-secret-token' })).status).toBe(404);
  });

  it('allows one account per platform per property (409), any number company-wide', async () => {
    const again = await call<Problem>('POST', '/v1/social-accounts', { platform: 'instagram', account_name: 'Second', property_id: propertyId });
    expect(again.status).toBe(409);
    for (const n of [1, 2]) expect((await call('POST', '/v1/social-accounts', { platform: 'tiktok', account_name: `Company ${n}` })).status).toBe(201);
  });

  it('refuses bad fields with 422 and paths, writing nothing; only admins manage accounts', async () => {
    const before = (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.social_accounts')).rows[0]!.n;
    const bad = await call<Problem>('POST', '/v1/social-accounts', { platform: 'myspace', account_name: '', access_token: '', follower_count: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['body.access_token', 'body.account_name', 'body.follower_count', 'body.platform']);
    const marketer = await api.request('POST', '/v1/social-accounts', { as: 'marketer', body: { platform: 'youtube', account_name: 'No' } });
    expect(marketer.status).toBe(403);
    expect((await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.social_accounts')).rows[0]!.n).toBe(before);
  });

  it('honours If-Match, answers 404, and deletes', async () => {
    const account = (await call<Account>('POST', '/v1/social-accounts', { platform: 'linkedin', account_name: 'Careers' })).body;
    const etag = (await call('GET', `/v1/social-accounts/${account.id}`)).headers.get('etag')!;
    expect((await call('PATCH', `/v1/social-accounts/${account.id}`, { handle: '@careers' }, { 'if-match': etag })).status).toBe(200);
    expect((await call('PATCH', `/v1/social-accounts/${account.id}`, { handle: '@stale' }, { 'if-match': etag })).status).toBe(412);
    expect((await call('GET', '/v1/social-accounts/SA-999999')).status).toBe(404);
    expect((await call('DELETE', `/v1/social-accounts/${account.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/social-accounts/${account.id}`)).status).toBe(404);
  });
});
