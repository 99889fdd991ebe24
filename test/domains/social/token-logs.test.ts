/**
 * An access token appears in no log line: the handlers log at DEBUG here,
 * and every line written while accounts are created, changed, read and
 * refused is searched for the token.
 */
import { captured } from './capture-logs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';

const TOKEN = 'EAAGlogged-never-9f8e7d6c5b4a';
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('access tokens and logs', () => {
  it('writes log lines for the requests, none of them with the token', async () => {
    const created = await api.request<{ id: string }>('POST', '/v1/social-accounts', { body: { platform: 'instagram', account_name: 'Logged', access_token: TOKEN } });
    expect(created.status).toBe(201);
    await api.request('PATCH', `/v1/social-accounts/${created.body.id}`, { body: { access_token: TOKEN } });
    await api.request('GET', `/v1/social-accounts/${created.body.id}`);
    // A refused body is echoed nowhere either.
    const refused = await api.request('POST', '/v1/social-accounts', { body: { platform: 'myspace', account_name: 'x', access_token: TOKEN } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).not.toContain(TOKEN);
    const lines = captured.join('');
    expect(lines).toMatch(/social-accounts/);
    expect(lines).not.toContain(TOKEN);
    expect(lines).not.toContain('EAAGlogged');
  });
});
