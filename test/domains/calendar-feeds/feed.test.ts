/**
 * iCalendar feeds over HTTP: the authenticated download and the secret
 * subscribe URL (create, fetch without a bearer token, 304, revoke), parsed
 * back line by line against RFC 5545's structure.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_WINDOW_DAYS, readFeedByTokenHash } from '../../../lambdas/calendar-feeds/repository.js';
import { pgExecutor } from '../../../local/pg-executor.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { databaseUrl } from '../../support/db.js';
import type { Page } from '../../support/types.js';

type Calendar = { id: string; calendar_id: string };
type Item = { id: string; title: string };
type Token = { id: string; calendar_id: string; label: string | null; token: string; feed_url: string; webcal_url: string; last_used_at: string | null };

let api: TestApi;
let calendar: Calendar;
let items: Item[];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const LONG = 'Überraschung am Strand 🏖️ — 日本語のテキスト; with, separators \\ and\nnew lines. '.repeat(12);

beforeAll(async () => {
  api = await startTestApi();
  const created = await api.request<Calendar>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'Villa Azul, social; 2026' } });
  calendar = created.body;
  const add = async (body: Record<string, unknown>) =>
    (await api.request<Item>('POST', `/v1/calendars/${calendar.id}/items`, { as: 'marketer', body })).body;
  items = [
    await add({ title: 'All-day: launch, "summer"; part 1', scheduled_date: day(3), platform: 'instagram', content_type: 'reel', tags: ['summer', 'beach, sea'], status: 'scheduled' }),
    await add({ title: 'Timed post', scheduled_date: day(5), scheduled_time: '10:30', description: LONG, status: 'planned', priority: 'high' }),
    await add({ title: 'Long ago', scheduled_date: day(-FEED_WINDOW_DAYS - 30) }),
  ];
});
afterAll(async () => {
  await api.stop();
});

/** Structural RFC 5545 checks on the raw text; returns the unfolded content lines. */
function parseIcal(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  const lines = text.slice(0, -2).replace(/\r\n[ \t]/g, '').split('\r\n');
  const stack: string[] = [];
  for (const line of lines) {
    expect(line).toMatch(/^[A-Z][A-Z0-9-]*(;[A-Z0-9-]+=[^:;]+)*:/);
    if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
    if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
  }
  expect(stack).toEqual([]);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  return lines;
}

const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

interface Event {
  props: Map<string, string>;
}

function eventsOf(lines: string[]): Event[] {
  const events: Event[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') {
      events.push({ props: current! });
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      expect(current.has(line.slice(0, colon)), `${line.slice(0, colon)} once per event`).toBe(false);
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return events;
}

describe('GET /v1/calendars/{id}/ical (bearer token)', () => {
  it('serves valid RFC 5545 text/calendar with one VEVENT per item in the window, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<string>('GET', `/v1/calendars/${calendar.calendar_id}/ical`, { as: 'viewer' });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const lines = parseIcal(response.body);
    for (const required of ['VERSION:2.0', 'CALSCALE:GREGORIAN']) expect(lines).toContain(required);
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines).toContain('X-WR-CALNAME:Villa Azul\\, social\\; 2026');
    const events = eventsOf(lines);
    expect(events.map((e) => unescape(e.props.get('SUMMARY')!))).toEqual([items[0]!.title, items[1]!.title]);
    for (const e of events) {
      for (const p of ['UID', 'DTSTAMP']) expect(e.props.has(p), p).toBe(true);
      expect(e.props.get('DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
    }
    const [allDay, timed] = events;
    expect(allDay!.props.get('UID')).toBe(`${items[0]!.id}@calendar-items.marketing-ops`);
    expect(allDay!.props.get('DTSTART;VALUE=DATE')).toBe(day(3).replaceAll('-', ''));
    expect(allDay!.props.get('CATEGORIES')).toBe('instagram,reel,summer,beach\\, sea');
    expect(allDay!.props.get('STATUS')).toBe('CONFIRMED');
    expect(timed!.props.get('DTSTART')).toBe(`${day(5).replaceAll('-', '')}T103000Z`);
    expect(timed!.props.get('STATUS')).toBe('TENTATIVE');
    expect(timed!.props.get('PRIORITY')).toBe('1');
    expect(unescape(timed!.props.get('DESCRIPTION')!)).toBe(LONG);
  });

  it('needs a bearer token and 404s an unknown calendar', async () => {
    expect((await api.request('GET', `/v1/calendars/${calendar.id}/ical`, { as: null })).status).toBe(401);
    expect((await api.request('GET', '/v1/calendars/CAL-999999/ical', { as: 'viewer' })).status).toBe(404);
  });

  it('keeps an empty calendar valid (one VTIMEZONE component, no events)', async () => {
    const empty = (await api.request<Calendar>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'Empty' } })).body;
    const response = await api.request<string>('GET', `/v1/calendars/${empty.id}/ical`, { as: 'viewer' });
    const lines = parseIcal(response.body);
    expect(eventsOf(lines)).toHaveLength(0);
    expect(lines).toContain('BEGIN:VTIMEZONE');
  });
});

describe('secret subscribe URLs', () => {
  let token: Token;
  beforeAll(async () => {
    const response = await api.request<Token>('POST', `/v1/calendars/${calendar.calendar_id}/feed-tokens`, {
      as: 'marketer',
      body: { label: 'Social team Google Calendar' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    token = response.body;
  });

  it('creates a 32-byte token with a 16-byte tag, returns it once with https/webcal-style URLs, and stores only its SHA-256', async () => {
    expect(token.token).toMatch(/^[A-Za-z0-9_-]{65}$/);
    expect(Buffer.from(token.token.slice(0, 43), 'base64url')).toHaveLength(32);
    expect(Buffer.from(token.token.slice(43), 'base64url')).toHaveLength(16);
    expect(token.feed_url).toBe(`${api.url}/v1/calendar-feeds/${token.token}.ics`);
    expect(token.webcal_url).toBe(`webcal://${new URL(api.url).host}/v1/calendar-feeds/${token.token}.ics`);
    expect(token).toMatchObject({ calendar_id: calendar.id, label: 'Social team Google Calendar', last_used_at: null });
    const stored = await api.db.pool.query('SELECT to_jsonb(t)::text AS row FROM marketing_ops.calendar_feed_tokens t WHERE id = $1', [token.id]);
    const row = String(stored.rows[0].row);
    expect(row).not.toContain(token.token);
    expect(row).toContain(createHash('sha256').update(token.token).digest('hex'));
    const listed = await api.request<Page<Record<string, unknown>>>('GET', `/v1/calendars/${calendar.id}/feed-tokens`, { as: 'marketer' });
    expect(listed.body.data.map((t) => t.id)).toEqual([token.id]);
    expect(JSON.stringify(listed.body)).not.toMatch(/token|sha256/i);
  });

  it('serves the feed without a bearer token in one Data API call, writes nothing, and answers 304 to If-None-Match', async () => {
    api.dataApiCalls.length = 0;
    const response = await fetch(token.feed_url);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    const byJwt = await api.request<string>('GET', `/v1/calendars/${calendar.id}/ical`, { as: 'viewer' });
    expect(text).toBe(byJwt.body);
    expect(eventsOf(parseIcal(text))).toHaveLength(2);
    const used = await api.db.pool.query('SELECT last_used_at FROM marketing_ops.calendar_feed_tokens WHERE id = $1', [token.id]);
    expect(used.rows[0].last_used_at).toBeNull();
    const etag = response.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(token.feed_url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // The bare token (without .ics) works too.
    expect((await fetch(token.feed_url.replace(/\.ics$/, ''))).status).toBe(200);
  });

  it('needs nothing but SELECT: the feed statement runs in a read-only transaction', async () => {
    const readOnly = new pg.Pool({ connectionString: databaseUrl(api.db.name), options: '-c default_transaction_read_only=on', max: 1 });
    try {
      const feed = await readFeedByTokenHash(pgExecutor(readOnly), createHash('sha256').update(token.token).digest('hex'));
      expect(feed?.calendar.id).toBe(calendar.id);
      expect(feed?.items).toHaveLength(2);
    } finally {
      await readOnly.end();
    }
  });

  it('refuses forged, re-tagged, foreign-stage and malformed tokens with a 404 before any Data API call', async () => {
    const random = token.token.slice(0, 43);
    const flipped = `${token.token.slice(0, -1)}${token.token.endsWith('A') ? 'B' : 'A'}`;
    const otherRandom = randomBytes(32).toString('base64url');
    // A token tagged as this API tags, but under another stage's secret.
    const otherKey = Buffer.from(hkdfSync('sha256', randomBytes(32), Buffer.alloc(0), 'marketing-ops/calendar-feed-token/v1', 32));
    const foreign = `${otherRandom}${createHmac('sha256', otherKey).update(otherRandom).digest().subarray(0, 16).toString('base64url')}`;
    // The first is well-formed for the old format: it used to cost a lookup each.
    const forged = [randomBytes(32).toString('base64url'), `${random}${'A'.repeat(22)}`, flipped, foreign, 'B'.repeat(65), 'short', `${token.token.slice(0, -1)}!`, `${token.token}x`];
    for (const candidate of forged) {
      api.dataApiCalls.length = 0;
      const response = await fetch(`${api.url}/v1/calendar-feeds/${encodeURIComponent(candidate)}.ics`);
      expect(response.status, candidate).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(await response.text()).not.toContain(candidate.slice(0, 20));
      expect(api.dataApiCalls, candidate).toEqual([]);
    }
  });

  it('refuses a token of the old untagged format without a lookup, saying to ask for a new URL', async () => {
    api.dataApiCalls.length = 0;
    const legacy = randomBytes(32).toString('base64url');
    await api.db.pool.query('INSERT INTO marketing_ops.calendar_feed_tokens (calendar_id, token_sha256) VALUES ($1, $2)', [
      calendar.id,
      createHash('sha256').update(legacy).digest('hex'),
    ]);
    const response = await fetch(`${api.url}/v1/calendar-feeds/${legacy}.ics`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('no longer accepted');
    expect(api.dataApiCalls).toEqual([]);
  });

  it('404s unknown and malformed tokens alike, and refuses token management to viewers', async () => {
    for (const segment of ['short.ics', `${token.token.slice(0, -1)}!.ics`]) {
      const response = await fetch(`${api.url}/v1/calendar-feeds/${encodeURIComponent(segment)}`);
      expect(response.status, segment).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(await response.text()).not.toContain(segment.slice(0, 20));
    }
    expect((await api.request('POST', `/v1/calendars/${calendar.id}/feed-tokens`, { as: 'viewer', body: {} })).status).toBe(403);
    expect((await api.request('GET', `/v1/calendars/${calendar.id}/feed-tokens`, { as: 'viewer' })).status).toBe(403);
    const missing = await api.request('POST', '/v1/calendars/CAL-999999/feed-tokens', { as: 'marketer', body: {} });
    expect(missing.status).toBe(404);
    const unknownField = await api.request('POST', `/v1/calendars/${calendar.id}/feed-tokens`, { as: 'marketer', body: { token: 'mine' } });
    expect(unknownField.status).toBe(422);
  });

  it('revokes a token (marketer), after which its URL is 404 while other tokens keep working', async () => {
    const other = (await api.request<Token>('POST', `/v1/calendars/${calendar.id}/feed-tokens`, { as: 'marketer', body: {} })).body;
    const revoked = await api.request('DELETE', `/v1/calendars/${calendar.id}/feed-tokens/${token.id}`, { as: 'marketer' });
    expect(revoked.status).toBe(204);
    expect((await fetch(token.feed_url)).status).toBe(404);
    expect((await fetch(other.feed_url)).status).toBe(200);
    expect((await api.request('DELETE', `/v1/calendars/${calendar.id}/feed-tokens/${token.id}`, { as: 'marketer' })).status).toBe(404);
  });

  it('drops the tokens with their calendar', async () => {
    const doomed = (await api.request<Calendar>('POST', '/v1/calendars', { as: 'marketer', body: { calendar_name: 'Doomed' } })).body;
    const t = (await api.request<Token>('POST', `/v1/calendars/${doomed.id}/feed-tokens`, { as: 'marketer', body: {} })).body;
    expect((await fetch(t.feed_url)).status).toBe(200);
    expect((await api.request('DELETE', `/v1/calendars/${doomed.id}`, { as: 'admin' })).status).toBe(204);
    expect((await fetch(t.feed_url)).status).toBe(404);
    const left = await api.db.pool.query('SELECT 1 FROM marketing_ops.calendar_feed_tokens WHERE calendar_id = $1', [doomed.id]);
    expect(left.rowCount).toBe(0);
  });
});
