/**
 * Bulk event ingest through the local HTTP API: 10,000 events in one Data
 * API call, good items stored and bad ones named by index in the same
 * statement, contacts by uuid or e-mail, both routes (one campaign, any
 * campaigns), the size limits, and reading the event log back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Ingest = { received: number; stored: number; rejected: number; errors: Array<{ path: string; message: string }> };
type Event = { id: string; campaign_event_id: string; campaign_id: string; contact_id: string; event_type: string; event_timestamp: string; event_data: unknown; channel: string | null };
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
const contacts: string[] = [];
beforeAll(async () => {
  api = await startTestApi();
  for (const [name, email] of [['Ana', 'ana@example.com'], ['Ben', 'Ben@Example.com'], ['Twin 1', 'twin@example.com'], ['Twin 2', 'TWIN@example.com']]) {
    const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (full_name, email) VALUES ($1, $2) RETURNING id`, [name, email]);
    contacts.push(rows[0]!.id);
  }
});
afterAll(async () => {
  await api.stop();
});

async function campaign(name = 'Events'): Promise<{ id: string; campaign_id: string }> {
  const response = await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: name, campaign_type: 'email' } });
  expect(response.status).toBe(201);
  return response.body;
}

async function eventsOf(campaignId: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM marketing.campaign_events WHERE campaign_id = $1`, [campaignId]);
  return rows[0]!.n;
}

const ingest = (path: string, events: unknown, headers: Record<string, string> = {}) =>
  api.request<Ingest & Problem>('POST', path, { as: 'marketer', body: { events }, headers });

describe('POST /v1/campaigns/{id}/events', () => {
  it('stores 10,000 events in ONE Data API call, each with a CEVT business ID', async () => {
    const target = await campaign('Ten thousand');
    const types = ['sent', 'delivered', 'opened', 'clicked'];
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      contact: contacts[i % 2]!,
      event_type: types[i % 4],
      event_timestamp: new Date(Date.UTC(2026, 5, 1, 0, 0, i)).toISOString(),
      event_data: { message_id: `msg-${i}`, link: i % 4 === 3 ? 'https://example.com/offer' : null },
      channel: 'email',
      device_type: i % 3 ? 'mobile' : 'desktop',
    }));
    api.dataApiCalls.length = 0;
    const response = await ingest(`/v1/campaigns/${target.campaign_id}/events`, events);
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body).toEqual({ received: 10_000, stored: 10_000, rejected: 0, errors: [] });
    const { rows } = await api.db.pool.query<{ n: number; ids: number; bad: number; opened: number; out_of_order: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT campaign_event_id)::int AS ids,
              count(*) FILTER (WHERE campaign_event_id !~ '^CEVT-\\d{6,}$')::int AS bad,
              count(*) FILTER (WHERE event_type = 'opened')::int AS opened,
              -- the IDs are consecutive in request order (event i happened at second i)
              count(*) FILTER (WHERE step IS NOT NULL AND step <> 1)::int AS out_of_order
       FROM (SELECT campaign_event_id, event_type,
                    substring(campaign_event_id FROM 6)::bigint - lag(substring(campaign_event_id FROM 6)::bigint) OVER (ORDER BY event_timestamp) AS step
             FROM marketing.campaign_events WHERE campaign_id = $1) e`,
      [target.id],
    );
    expect(rows[0]).toEqual({ n: 10_000, ids: 10_000, bad: 0, opened: 2_500, out_of_order: 0 });
  });

  it('formats business IDs as the column default does, past six digits too', async () => {
    const { rows } = await api.db.pool.query<{ a: string; b: string; c: string }>(
      `SELECT public.format_business_id('CEVT', 10001) AS a, public.format_business_id('CEVT', 999999) AS b, public.format_business_id('CEVT', 1000000) AS c`,
    );
    expect(rows[0]).toEqual({ a: 'CEVT-010001', b: 'CEVT-999999', c: 'CEVT-1000000' });
    await api.db.pool.query(`CREATE SEQUENCE public.bid_probe START WITH 999999`);
    const next = await api.db.pool.query<{ a: string; b: string }>(`SELECT public.next_business_id('X', 'bid_probe') AS a, public.next_business_id('X', 'bid_probe') AS b`);
    expect(next.rows[0]).toEqual({ a: 'X-999999', b: 'X-1000000' });
  });

  it('stores every value exactly as sent, whatever characters it holds, next to items left out', async () => {
    const target = await campaign('Characters');
    const odd = 'q"uote, back\\slash {brace} NULL\nline\ttab \u0001 açaí 東京 🏖️';
    const email = `o"dd,{x}\\${Date.now()}@example.com`;
    const { rows: made } = await api.db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (full_name, email) VALUES ('Odd', $1) RETURNING id`, [email]);
    const data = { text: odd, nested: { list: [1, null, 'x"y', { deep: '\\' }], empty: {} }, n: 1.5, t: true, z: null };
    const events = [
      { contact: email.toUpperCase(), event_type: 'clicked', event_timestamp: '2026-06-01T10:00:00.123+02:00', event_data: data, channel: odd.slice(0, 50), device_type: 'NULL', location: '{}' },
      { contact: contacts[0]!, event_type: 'nope' },
      { contact: contacts[0]!, event_type: 'opened', event_data: null, channel: null },
      { contact: contacts[1]!, event_type: 'sent', event_data: {}, location: odd.slice(0, 200) },
    ];
    const response = await ingest(`/v1/campaigns/${target.id}/events`, events);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: 4, stored: 3, rejected: 1 });
    expect(response.body.errors.map((e) => e.path)).toEqual(['body.events[1].event_type']);
    const { rows } = await api.db.pool.query(
      `SELECT contact_id, event_type, event_timestamp, event_data, channel, device_type, location
       FROM marketing.campaign_events WHERE campaign_id = $1 ORDER BY campaign_event_id`,
      [target.id],
    );
    expect(rows).toEqual([
      { contact_id: made[0]!.id, event_type: 'clicked', event_timestamp: new Date('2026-06-01T08:00:00.123Z'), event_data: data, channel: odd.slice(0, 50), device_type: 'NULL', location: '{}' },
      { contact_id: contacts[0], event_type: 'opened', event_timestamp: expect.any(Date), event_data: null, channel: null, device_type: null, location: null },
      { contact_id: contacts[1], event_type: 'sent', event_timestamp: expect.any(Date), event_data: {}, channel: null, device_type: null, location: odd.slice(0, 200) },
    ]);
  });

  it('stores exactly the good items and names each bad one by index and field, in the same call', async () => {
    const target = await campaign('Mixed');
    const good = { contact: contacts[0]!, event_type: 'opened' };
    const events: unknown[] = Array.from({ length: 20 }, () => good);
    events[3] = { contact: 'ANA@example.com', event_type: 'clicked', event_data: { url: 'https://example.com' } };
    events[5] = { contact: 'nobody@example.com', event_type: 'sent' };
    events[8] = { contact: '0190a5f0-0000-7000-8000-00000000abcd', event_type: 'sent' };
    events[11] = { contact: 'twin@example.com', event_type: 'sent' };
    events[13] = 'not an object';
    events[15] = { contact: contacts[1]!, event_type: 'opened', colour: 'red' };
    events[17] = { contact: contacts[1]!, event_type: 'read' };
    events[19] = { contact: 'not a contact', event_type: 'sent', event_timestamp: 'yesterday' };
    api.dataApiCalls.length = 0;
    const response = await ingest(`/v1/campaigns/${target.id}/events`, events);
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body.errors.map((e) => e.path)).toEqual([
      'body.events[5].contact',
      'body.events[8].contact',
      'body.events[11].contact',
      'body.events[13]',
      'body.events[15].colour',
      'body.events[17].event_type',
      'body.events[19].contact',
      'body.events[19].event_timestamp',
    ]);
    expect(response.body.errors[2]!.message).toMatch(/Several contacts/);
    expect(response.body).toMatchObject({ received: 20, stored: 13, rejected: 7 });
    expect(await eventsOf(target.id)).toBe(13);
    // The e-mail matched case-insensitively to Ana.
    const { rows } = await api.db.pool.query<{ contact_id: string }>(
      `SELECT contact_id FROM marketing.campaign_events WHERE campaign_id = $1 AND event_type = 'clicked'`,
      [target.id],
    );
    expect(rows).toEqual([{ contact_id: contacts[0] }]);
  });

  it('refuses an item with a lone UTF-16 surrogate at the path of the string, storing the others as they are', async () => {
    const target = await campaign('Lone surrogates');
    const good = (i: number) => ({ contact: contacts[0]!, event_type: 'opened', event_data: { i } });
    const events: unknown[] = Array.from({ length: 8 }, (_, i) => good(i));
    // JSON.stringify sends each as the escape \ud800: valid JSON, but not text PostgreSQL can store.
    events[1] = { contact: contacts[0]!, event_type: 'clicked', event_data: { note: 'fine', nested: { note: 'a\uD800' } } };
    events[3] = { contact: contacts[0]!, event_type: 'clicked', event_data: { links: ['https://example.com', '\uDC00b'] } };
    events[4] = { contact: contacts[1]!, event_type: 'sent', channel: 'email\uDBFF' };
    events[5] = { contact: contacts[1]!, event_type: 'sent', location: '\uDFFFLisbon', device_type: 'mobile' };
    events[6] = { contact: 'ana\uD800@example.com', event_type: 'sent' };
    api.dataApiCalls.length = 0;
    const response = await ingest(`/v1/campaigns/${target.id}/events`, events);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body).toMatchObject({ received: 8, stored: 3, rejected: 5 });
    expect(response.body.errors.map((e) => e.path)).toEqual([
      'body.events[1].event_data.nested.note',
      'body.events[3].event_data.links[1]',
      'body.events[4].channel',
      'body.events[5].location',
      'body.events[6].contact',
    ]);
    for (const error of response.body.errors) expect(error.message).toMatch(/^must be well-formed Unicode: it holds a lone UTF-16 surrogate/);
    const { rows } = await api.db.pool.query(`SELECT event_data FROM marketing.campaign_events WHERE campaign_id = $1 ORDER BY campaign_event_id`, [target.id]);
    expect(rows).toEqual([{ event_data: { i: 0 } }, { event_data: { i: 2 } }, { event_data: { i: 7 } }]);
  });

  it('refuses an item holding NUL at the path of the string, storing the others (was: the whole request refused)', async () => {
    const target = await campaign('NUL items');
    const events: unknown[] = Array.from({ length: 5 }, (_, i) => ({ contact: contacts[0]!, event_type: 'opened', event_data: { i } }));
    events[1] = { contact: contacts[0]!, event_type: 'clicked', event_data: { note: 'a\u0000b' } };
    events[2] = { contact: contacts[0]!, event_type: 'clicked', event_data: { ['k\u0000']: 1 } };
    events[3] = { contact: contacts[1]!, event_type: 'sent', device_type: 'mob\u0000ile' };
    const response = await ingest(`/v1/campaigns/${target.id}/events`, events);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ received: 5, stored: 2, rejected: 3 });
    expect(response.body.errors.map((e) => e.path)).toEqual(['body.events[1].event_data.note', 'body.events[2].event_data.k\\u0000', 'body.events[3].device_type']);
    for (const error of response.body.errors) expect(error.message).toBe('Must not contain the NUL character (\\u0000)');
    const { rows } = await api.db.pool.query(`SELECT event_data FROM marketing.campaign_events WHERE campaign_id = $1 ORDER BY campaign_event_id`, [target.id]);
    expect(rows).toEqual([{ event_data: { i: 0 } }, { event_data: { i: 4 } }]);
  });

  it('answers 422 naming each lone surrogate when every item has one, and stores nothing', async () => {
    const target = await campaign('Only lone surrogates');
    api.dataApiCalls.length = 0;
    const response = await ingest(`/v1/campaigns/${target.id}/events`, [
      { contact: contacts[0]!, event_type: 'sent', event_data: { ['key\uD800']: 1, list: [{ deep: ['\uDC00'] }] } },
      { contact: contacts[0]!, event_type: 'sent', device_type: '\uD83D' },
    ]);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    // A key holding one is named with it written as \uD800, so the report is well-formed text itself.
    expect(response.body.errors?.map((e) => e.path)).toEqual(['body.events[0].event_data.key\\uD800', 'body.events[0].event_data.list[0].deep[0]', 'body.events[1].device_type']);
    expect(response.body.errors?.[0]?.message).toMatch(/^this key must be well-formed Unicode/);
    expect(api.dataApiCalls).toEqual([]);
    expect(await eventsOf(target.id)).toBe(0);
  });

  it('stores well-formed astral characters (surrogate pairs) exactly, and reads them back equal', async () => {
    const target = await campaign('Astral');
    const text = '😀 \uD83D\uDE00 👩‍👩‍👧 🏖️ 𝄞 \uDBFF\uDFFF';
    const data = { note: text, list: ['🏖️', { deep: '\uD83D\uDE00' }], ['😀 key']: true, escape: '\\ud800 is text' };
    const response = await ingest(`/v1/campaigns/${target.id}/events`, [
      { contact: contacts[0]!, event_type: 'clicked', event_data: data, channel: '😀'.repeat(25), device_type: '📱', location: text },
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ received: 1, stored: 1, rejected: 0, errors: [] });
    const { rows } = await api.db.pool.query(`SELECT event_data, channel, device_type, location FROM marketing.campaign_events WHERE campaign_id = $1`, [target.id]);
    expect(rows).toEqual([{ event_data: data, channel: '😀'.repeat(25), device_type: '📱', location: text }]);
    const listed = await api.request<Page<Event & { location: string; device_type: string }>>('GET', `/v1/campaign-events?campaign_id=eq.${target.id}`, { as: 'viewer' });
    expect(listed.body.data.map((e) => [e.event_data, e.channel, e.device_type, e.location])).toEqual([[data, '😀'.repeat(25), '📱', text]]);
  });

  it('answers 422 with every error when no item is good, and stores nothing', async () => {
    const target = await campaign('All bad');
    const response = await ingest(`/v1/campaigns/${target.id}/events`, [
      { contact: 'nobody@example.com', event_type: 'sent' },
      { contact: contacts[0]!, event_type: 'forwarded' },
    ]);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(response.body.errors?.map((e) => e.path)).toEqual(['body.events[0].contact', 'body.events[1].event_type']);
    expect(await eventsOf(target.id)).toBe(0);
  });

  it('answers 404 for an unknown campaign and 422 for an empty or oversized list, storing nothing', async () => {
    const before = (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.campaign_events')).rows[0]!.n;
    for (const id of ['CMP-999999', '0190a5f0-0000-7000-8000-000000000000', 'nope']) {
      expect((await ingest(`/v1/campaigns/${id}/events`, [{ contact: contacts[0]!, event_type: 'sent' }])).status).toBe(404);
    }
    const target = await campaign('Limits');
    const empty = await ingest(`/v1/campaigns/${target.id}/events`, []);
    expect(empty.status).toBe(422);
    expect(empty.body.errors?.map((e) => e.path)).toEqual(['body.events']);
    const tooMany = await ingest(`/v1/campaigns/${target.id}/events`, Array.from({ length: 10_001 }, () => ({ contact: contacts[0]!, event_type: 'sent' })));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors?.map((e) => e.path)).toEqual(['body.events']);
    const missing = await api.request<Problem>('POST', `/v1/campaigns/${target.id}/events`, { as: 'marketer', body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.map((e) => e.path)).toEqual(['body.events']);
    const after = (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.campaign_events')).rows[0]!.n;
    expect(after).toBe(before);
  });

  it('refuses a body over the Data API 4 MiB request limit with 413 naming it, storing nothing', async () => {
    const target = await campaign('Huge');
    const padding = 'x'.repeat(450);
    const events = Array.from({ length: 9_500 }, () => ({ contact: contacts[0]!, event_type: 'sent', location: padding.slice(0, 200), event_data: { p: padding } }));
    const response = await ingest(`/v1/campaigns/${target.id}/events`, events);
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/4 MiB/);
    // Under 4 MiB as sent, but the Data API request would not be: refused before the call. Text columns travel as
    // array literals in the request's JSON, where each quote is escaped twice; event_data travels base64 (4 bytes per 3).
    const quotes = Array.from({ length: 5_000 }, () => ({ contact: contacts[0]!, event_type: 'sent', location: '"'.repeat(200) }));
    const bulky = Array.from({ length: 1_020 }, () => ({ contact: contacts[0]!, event_type: 'sent', event_data: { p: 'x'.repeat(3_950) } }));
    api.dataApiCalls.length = 0;
    for (const events of [quotes, bulky]) {
      expect(JSON.stringify({ events }).length).toBeLessThan(4 * 1024 * 1024);
      const refused = await ingest(`/v1/campaigns/${target.id}/events`, events);
      expect(refused.status).toBe(413);
      expect(refused.body.detail).toMatch(/one Data API request holds 4 MiB/);
    }
    expect(api.dataApiCalls).toEqual([]);
    expect(await eventsOf(target.id)).toBe(0);
  });

  it('keeps roles: viewers cannot ingest', async () => {
    const target = await campaign('Roles');
    const response = await api.request('POST', `/v1/campaigns/${target.id}/events`, { as: 'viewer', body: { events: [{ contact: contacts[0]!, event_type: 'sent' }] } });
    expect(response.status).toBe(403);
    expect(await eventsOf(target.id)).toBe(0);
  });
});

describe('POST /v1/campaign-events (any campaigns)', () => {
  it('takes campaigns by uuid or business ID per item and names unknown ones by index', async () => {
    const a = await campaign('Batch A');
    const b = await campaign('Batch B');
    api.dataApiCalls.length = 0;
    const response = await ingest('/v1/campaign-events', [
      { campaign: a.id, contact: contacts[0]!, event_type: 'sent' },
      { campaign: b.campaign_id, contact: 'ben@example.com', event_type: 'delivered' },
      { campaign: 'CMP-999999', contact: contacts[0]!, event_type: 'sent' },
      { contact: contacts[0]!, event_type: 'sent' },
      { campaign: b.id.toUpperCase(), contact: contacts[1]!, event_type: 'converted', event_data: { reservation: 'R-1' } },
    ]);
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body).toMatchObject({ received: 5, stored: 3, rejected: 2 });
    expect(response.body.errors.map((e) => e.path)).toEqual(['body.events[2].campaign', 'body.events[3].campaign']);
    expect(await eventsOf(a.id)).toBe(1);
    expect(await eventsOf(b.id)).toBe(2);
  });

  it('refuses an item with a lone surrogate in event_data by index and path, storing the others', async () => {
    const a = await campaign('Batch surrogate');
    const response = await ingest('/v1/campaign-events', [
      { campaign: a.id, contact: contacts[0]!, event_type: 'sent', event_data: { ok: '😀' } },
      { campaign: a.id, contact: contacts[0]!, event_type: 'sent', event_data: { tags: ['x', 'y\uDC00'] } },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: 2, stored: 1, rejected: 1 });
    expect(response.body.errors.map((e) => e.path)).toEqual(['body.events[1].event_data.tags[1]']);
    const { rows } = await api.db.pool.query(`SELECT event_data FROM marketing.campaign_events WHERE campaign_id = $1`, [a.id]);
    expect(rows).toEqual([{ event_data: { ok: '😀' } }]);
  });
});

describe('GET /v1/campaign-events', () => {
  it('lists the log by campaign and type in pages, and gets one by uuid or CEVT id', async () => {
    const target = await campaign('Log');
    await ingest(`/v1/campaigns/${target.id}/events`, Array.from({ length: 7 }, (_, i) => ({ contact: contacts[i % 2]!, event_type: i < 5 ? 'opened' : 'clicked', channel: 'email' })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/v1/campaign-events?campaign_id=eq.${target.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: Page<Event> } = await api.request<Page<Event>>('GET', query, { as: 'viewer' });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
    const clicked = await api.request<Page<Event>>('GET', `/v1/campaign-events?campaign_id=eq.${target.id}&event_type=eq.clicked`, { as: 'viewer' });
    expect(clicked.body.data).toHaveLength(2);
    const one = clicked.body.data[0]!;
    const byBusinessId = await api.request<Event>('GET', `/v1/campaign-events/${one.campaign_event_id}`, { as: 'viewer' });
    expect(byBusinessId.status).toBe(200);
    expect(byBusinessId.body).toMatchObject({ id: one.id, event_type: 'clicked', channel: 'email', campaign_id: target.id });
    expect((await api.request('GET', '/v1/campaign-events/CEVT-999999', { as: 'viewer' })).status).toBe(404);
    expect((await api.request('PATCH', `/v1/campaign-events/${one.id}`, { as: 'admin', body: { channel: 'x' } })).status).toBe(405);
    const badFilter = await api.request<Problem>('GET', '/v1/campaign-events?event_type=eq.x&contact_id=eq.nope', { as: 'viewer' });
    expect(badFilter.status).toBe(422);
    // event_type has a CHECK list, so x can match nothing: a 422 too, naming the allowed types.
    expect(badFilter.body.errors?.map((e) => e.path)).toEqual(['query.event_type', 'query.contact_id']);
    expect(badFilter.body.errors?.[0]?.message).toMatch(/one of: .*clicked/);
  });
});
