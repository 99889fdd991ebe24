/** Input PostgreSQL would refuse is a 4xx at the edge, never a 500, and writes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import type { Problem } from '../support/types.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const count = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.websites')).rows[0]!.n;

describe('input edges', () => {
  it('refuses NUL characters in JSON bodies with 422 and the field paths, writing nothing', async () => {
    const before = await count();
    const response = await api.request<Problem>('POST', '/v1/websites', {
      as: 'marketer',
      body: { website_name: 'a\u0000b', domain: 'ok.example' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path)).toEqual(['body.website_name']);
    expect(await count()).toBe(before);
  });

  it('refuses lone UTF-16 surrogates in JSON bodies with 422 and their paths, in text and JSON fields and keys, writing nothing', async () => {
    const before = await count();
    // JSON.stringify writes each lone surrogate as the escape \ud800, as a client's JSON would carry it.
    const response = await api.request<Problem>('POST', '/v1/websites', { as: 'marketer', body: { website_name: 'a\uD800b', domain: 'ok.example' } });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path)).toEqual(['body.website_name']);
    expect(response.body.errors?.[0]?.message).toMatch(/well-formed Unicode/);
    expect(await count()).toBe(before);
    // A JSON column (jsonb refused the escape, failing the statement with a 422 at `body`): each string and key by its path.
    const reservation = (await api.db.pool.query<{ id: string }>('INSERT INTO reservations.reservations (total_amount) VALUES (1) RETURNING id')).rows[0]!.id;
    const attribution = await api.request<Problem>('POST', '/v1/attribution', {
      as: 'marketer',
      body: { reservation_id: reservation, attribution_model: 'linear', touchpoints: [{ channel: 'email' }, { note: 'x\uDC00', ['k\uD800']: 1 }] },
    });
    expect(attribution.status).toBe(422);
    expect(attribution.body.errors?.map((e) => e.path).sort()).toEqual(['body.touchpoints[1].k\\uD800', 'body.touchpoints[1].note']);
    expect((await api.db.pool.query('SELECT 1 FROM marketing.attribution WHERE reservation_id = $1', [reservation])).rowCount).toBe(0);
    // Well-formed astral characters (a surrogate pair) pass and are stored exactly.
    const emoji = await api.request<{ website_name: string }>('POST', '/v1/websites', { as: 'marketer', body: { website_name: 'Sunset \uD83C\uDF05', domain: 'emoji.example' } });
    expect(emoji.status).toBe(201);
    expect(emoji.body.website_name).toBe('Sunset \u{1F305}');
  });

  it('refuses NUL characters in filters with 422', async () => {
    const response = await api.request<Problem>('GET', '/v1/websites?website_name=eq.a%00b', { as: 'viewer' });
    expect(response.status).toBe(422);
  });

  it('treats an If-Match that decodes to control characters as not matching (412), not as a failure', async () => {
    const created = await api.request<{ id: string }>('POST', '/v1/websites', { as: 'marketer', body: { website_name: 'Edge' } });
    const response = await api.request<Problem>('PATCH', `/v1/websites/${created.body.id}`, {
      as: 'marketer',
      body: { website_name: 'Changed' },
      headers: { 'if-match': '"v.AA"' },
    });
    expect(response.status).toBe(412);
  });

  it('refuses dates PostgreSQL cannot store with 422', async () => {
    for (const last_updated_at of ['0000-01-01T00:00:00Z', '2025-01-01T00:00:00+23:00']) {
      const response = await api.request<Problem>('POST', '/v1/websites', { as: 'marketer', body: { website_name: 'D', last_updated_at } });
      expect(response.status).toBe(422);
      expect(response.body.errors?.map((e) => e.path)).toEqual(['body.last_updated_at']);
    }
    const filter = await api.request('GET', '/v1/websites?created_at=gte.2025-01-01T00:00:00%2B16:00', { as: 'viewer' });
    expect(filter.status).toBe(422);
  });

  it('refuses a body nested thousands of levels deep with 400 naming the limit (no stack overflow, nothing written)', async () => {
    const strategies = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_strategy')).rows[0]!.n;
    const before = await strategies();
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    const raw = `{"property_id":"0199a0a0-0000-7000-8000-000000000000","strategy_name":"Deep","goals":${deep}}`;
    const response = await fetch(`${api.url}/v1/strategies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.marketer}`, 'content-type': 'application/json' },
      body: raw,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).detail).toMatch(/deeper than 32 levels/);
    expect(await strategies()).toBe(before);
  });
});
