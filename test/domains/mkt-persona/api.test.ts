/**
 * Persona mapping through the local HTTP API: contacts (a read shows the
 * latest score), scores per segment with their history kept, extended
 * attributes and WhatsApp group memberships.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { idByCode, insertWapAccount } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Score = { segment_code: string; score: string; scoring_method: string };
type Contact = { id: string; email: string | null; marketing_consent: boolean; consent_updated_at: string | null; scores: Score[]; latest_score: Score | null };
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function createContact(body: Record<string, unknown>): Promise<Contact> {
  const response = await api.request<Contact>('POST', '/v1/mkt/persona-contacts', { as: 'marketer', body });
  expect(response.status).toBe(201);
  return response.body;
}

describe('persona contacts', () => {
  it('creates, reads with an ETag, updates with If-Match (412 when stale) and stamps consent', async () => {
    const segment = await idByCode(api.db.pool, 'mkt_segments', 'prospective_owners');
    const contact = await createContact({ full_name: 'Dana Owner', email: 'dana@example.com', segment_id: segment, region: 'Gulf Coast', country_code: 'US' });
    expect(contact).toMatchObject({ marketing_consent: false, consent_updated_at: null });
    const read = await api.request<Contact>('GET', `/v1/mkt/persona-contacts/${contact.id}`, { as: 'viewer' });
    expect(read.body).toMatchObject({ id: contact.id, scores: [], latest_score: null });
    const etag = read.headers.get('etag')!;
    const consented = await api.request<Contact>('PATCH', `/v1/mkt/persona-contacts/${contact.id}`, { as: 'marketer', body: { marketing_consent: true }, headers: { 'if-match': etag } });
    expect(consented.status).toBe(200);
    expect(consented.body.consent_updated_at).toBeTruthy();
    const stale = await api.request('PATCH', `/v1/mkt/persona-contacts/${contact.id}`, { as: 'marketer', body: { region: 'x' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
  });

  it('refuses bad fields (422), a nameless contact (422) and a second contact with the same email in any case (409)', async () => {
    const bad = await api.request<Problem>('POST', '/v1/mkt/persona-contacts', {
      as: 'marketer',
      body: { email: 'not-an-email', phone_e164: '555-1234', country_code: 'usa', lifecycle_stage: 'fan', consent_updated_at: '2026-01-01T00:00:00Z' },
    });
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.consent_updated_at', 'body.country_code', 'body.email', 'body.lifecycle_stage', 'body.phone_e164']);
    const nameless = await api.request<Problem>('POST', '/v1/mkt/persona-contacts', { as: 'marketer', body: { region: 'Gulf Coast' } });
    expect(nameless.body.errors?.map((e) => e.path)).toEqual(['body.full_name']);
    await createContact({ email: 'Sam@Example.com' });
    expect((await api.request('POST', '/v1/mkt/persona-contacts', { as: 'marketer', body: { email: 'sam@example.com' } })).status).toBe(409);
    expect((await api.request('GET', '/v1/mkt/persona-contacts/0190a5f0-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await api.request('GET', '/v1/mkt/persona-contacts/not-an-id')).status).toBe(404);
  });
});

describe('persona scores', () => {
  it('keeps one current score per segment, shows the latest on the contact, and keeps the history', async () => {
    const contact = await createContact({ full_name: 'Lee Investor' });
    api.dataApiCalls.length = 0;
    const first = await api.request<Score>('PUT', `/v1/mkt/persona-contacts/${contact.id}/scores/property_investors`, { as: 'marketer', body: { score: 40 } });
    expect(first.status).toBe(201);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(first.body).toMatchObject({ segment_code: 'property_investors', score: '40.00', scoring_method: 'manual' });
    const rescored = await api.request<Score>('PUT', `/v1/mkt/persona-contacts/${contact.id}/scores/property_investors`, {
      as: 'marketer',
      body: { score: '85.5', scoring_method: 'survey', rationale: 'Owns two condos' },
    });
    expect(rescored.status).toBe(200);
    await api.request('PUT', `/v1/mkt/persona-contacts/${contact.id}/scores/managed_owners`, { as: 'marketer', body: { score: 10 } });
    const read = await api.request<Contact>('GET', `/v1/mkt/persona-contacts/${contact.id}`);
    expect(read.body.scores.map((s) => [s.segment_code, s.score])).toEqual([
      ['managed_owners', '10.00'],
      ['property_investors', '85.50'],
    ]);
    expect(read.body.latest_score).toMatchObject({ segment_code: 'managed_owners', score: '10.00' });
    const current = await api.request<{ data: Score[] }>('GET', `/v1/mkt/persona-contacts/${contact.id}/scores`, { as: 'viewer' });
    expect(current.body.data).toEqual(read.body.scores);
    const history = await api.request<Page<Score>>('GET', `/v1/mkt/persona-contacts/${contact.id}/scores/history`);
    expect(history.body.data.map((h) => [h.segment_code, h.score])).toEqual([
      ['managed_owners', '10.00'],
      ['property_investors', '85.50'],
      ['property_investors', '40.00'],
    ]);
    const page = await api.request<Page<Score>>('GET', `/v1/mkt/persona-contacts/${contact.id}/scores/history?limit=2`);
    const rest = await api.request<Page<Score>>('GET', `/v1/mkt/persona-contacts/${contact.id}/scores/history?limit=2&cursor=${page.body.next_cursor}`);
    expect(rest.body.data.map((h) => h.score)).toEqual(['40.00']);
    const { rows } = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_persona_scores WHERE persona_contact_id = $1', [contact.id]);
    expect(rows[0].n).toBe(2);
  });

  it('refuses out-of-range scores (422) and unknown contacts or segments (404)', async () => {
    const contact = await createContact({ full_name: 'Kim' });
    const bad = await api.request<Problem>('PUT', `/v1/mkt/persona-contacts/${contact.id}/scores/managed_owners`, { as: 'marketer', body: { score: 101, scoring_method: 'guess' } });
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.score', 'body.scoring_method']);
    expect((await api.request('PUT', `/v1/mkt/persona-contacts/${contact.id}/scores/astronauts`, { as: 'marketer', body: { score: 1 } })).status).toBe(404);
    expect((await api.request('PUT', '/v1/mkt/persona-contacts/0190a5f0-0000-7000-8000-000000000000/scores/managed_owners', { as: 'marketer', body: { score: 1 } })).status).toBe(404);
    expect((await api.request('GET', '/v1/mkt/persona-contacts/0190a5f0-0000-7000-8000-000000000000/scores/history')).status).toBe(404);
  });
});

describe('attributes and group memberships', () => {
  it('adds typed attributes (one per key) and memberships of WhatsApp groups', async () => {
    const contact = await createContact({ full_name: 'Ari' });
    const attribute = await api.request<{ id: string; value_type: string }>('POST', `/v1/mkt/persona-contacts/${contact.id}/attributes`, {
      as: 'marketer',
      body: { attribute_key: 'properties_owned', attribute_value: '2', value_type: 'number' },
    });
    expect(attribute.status).toBe(201);
    expect((await api.request('POST', `/v1/mkt/persona-contacts/${contact.id}/attributes`, { as: 'marketer', body: { attribute_key: 'properties_owned' } })).status).toBe(409);
    const badKey = await api.request<Problem>('POST', `/v1/mkt/persona-contacts/${contact.id}/attributes`, { as: 'marketer', body: { attribute_key: 'Owned', value_type: 'money' } });
    expect(badKey.body.errors?.map((e) => e.path).sort()).toEqual(['body.attribute_key', 'body.value_type']);
    const accountId = await insertWapAccount(api.db.pool, '+15550001111');
    const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO public.mkt_wap_groups (account_id, name) VALUES ($1, 'Owners Circle') RETURNING id`, [accountId]);
    const membership = await api.request<{ id: string; status: string }>('POST', `/v1/mkt/persona-contacts/${contact.id}/groups`, { as: 'marketer', body: { group_id: rows[0]!.id, role: 'admin' } });
    expect(membership.status).toBe(201);
    expect(membership.body.status).toBe('active');
    const left = await api.request<Problem>('PATCH', `/v1/mkt/persona-contacts/${contact.id}/groups/${membership.body.id}`, { as: 'marketer', body: { status: 'left' } });
    expect(left.status).toBe(422);
    const leftProperly = await api.request<{ status: string }>('PATCH', `/v1/mkt/persona-contacts/${contact.id}/groups/${membership.body.id}`, {
      as: 'marketer',
      body: { status: 'left', left_at: new Date(Date.now() + 1000).toISOString() },
    });
    expect(leftProperly.body.status).toBe('left');
    const list = await api.request<Page<{ group_id: string }>>('GET', `/v1/mkt/persona-contacts/${contact.id}/groups`, { as: 'viewer' });
    expect(list.body.data.map((m) => m.group_id)).toEqual([rows[0]!.id]);
    const badGroup = await api.request<Problem>('POST', `/v1/mkt/persona-contacts/${contact.id}/groups`, { as: 'marketer', body: { group_id: '0190a5f0-0000-7000-8000-000000000000' } });
    expect(badGroup.status).toBe(409);
  });
});
