/** The iCalendar object of a content calendar: structure, all-day vs timed events, properties. */
import { describe, expect, it } from 'vitest';
import { PRODID, UID_DOMAIN, renderCalendar, type FeedItem } from '../../../lambdas/calendar-feeds/ical.js';

const calendar = { id: '0190a5f0-0000-7000-8000-00000000c001', calendar_id: 'CAL-010001', calendar_name: 'Summer, 2026; Villa' };

function item(extra: Partial<FeedItem> = {}): FeedItem {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000a1',
    calendar_item_id: 'CI-010001',
    title: 'Beach reel',
    description: null,
    content_type: 'reel',
    platform: 'instagram',
    scheduled_date: '2026-01-31',
    scheduled_time: null,
    status: 'planned',
    priority: 'normal',
    tags: ['summer', 'beach, sea'],
    created_at: '2026-01-02T03:04:05.678Z',
    updated_at: '2026-01-03T04:05:06.000Z',
    ...extra,
  };
}

/** Unfolded content lines of one VEVENT, by property name (with parameters). */
function events(text: string): Array<Map<string, string>> {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const result: Array<Map<string, string>> = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT' && current) {
      result.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return result;
}

describe('renderCalendar', () => {
  it('writes the calendar properties, CRLF everywhere and a final CRLF', () => {
    const text = renderCalendar(calendar, [item()]);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain(`PRODID:${PRODID}\r\n`);
    expect(text).toContain('CALSCALE:GREGORIAN\r\n');
    expect(text).toContain('X-WR-CALNAME:Summer\\, 2026\\; Villa\r\n');
  });

  it('makes an item without a time an all-day event: DTSTART;VALUE=DATE and DTEND the next day (across a month end)', () => {
    const [event] = events(renderCalendar(calendar, [item()]));
    expect(event?.get('DTSTART;VALUE=DATE')).toBe('20260131');
    expect(event?.get('DTEND;VALUE=DATE')).toBe('20260201');
    expect(event?.has('DTSTART')).toBe(false);
    const [leap] = events(renderCalendar(calendar, [item({ scheduled_date: '2028-02-28' })]));
    expect(leap?.get('DTEND;VALUE=DATE')).toBe('20280229');
  });

  it('makes an item with a time a UTC date-time without DTEND, dropping fractions of a second', () => {
    const [event] = events(renderCalendar(calendar, [item({ scheduled_time: '09:30:15.250000' })]));
    expect(event?.get('DTSTART')).toBe('20260131T093015Z');
    expect(event?.has('DTSTART;VALUE=DATE')).toBe(false);
    expect(event?.has('DTEND')).toBe(false);
    expect(event?.has('DTEND;VALUE=DATE')).toBe(false);
  });

  it('gives each event a stable UID, DTSTAMP from the last change, escaped text and categories', () => {
    const [event] = events(
      renderCalendar(calendar, [item({ title: 'Launch; part 1, "big"', description: 'Line one\nLine two, with \\ backslash' })]),
    );
    expect(event?.get('UID')).toBe(`0190a5f0-0000-7000-8000-0000000000a1@${UID_DOMAIN}`);
    expect(event?.get('DTSTAMP')).toBe('20260103T040506Z');
    expect(event?.get('LAST-MODIFIED')).toBe('20260103T040506Z');
    expect(event?.get('CREATED')).toBe('20260102T030405Z');
    expect(event?.get('SUMMARY')).toBe('Launch\\; part 1\\, "big"');
    expect(event?.get('DESCRIPTION')).toBe('Line one\\nLine two\\, with \\\\ backslash');
    expect(event?.get('CATEGORIES')).toBe('instagram,reel,summer,beach\\, sea');
  });

  it('finds nothing on the prototype for statuses and priorities named like Object properties', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const text = renderCalendar(calendar, [item({ status: name, priority: name })]);
      expect(text).not.toMatch(/function|native code|\[object/);
      expect(events(text)[0]?.get('STATUS')).toBeUndefined();
      expect(events(text)[0]?.get('PRIORITY')).toBeUndefined();
    }
  });

  it('maps statuses and priorities, and leaves out what it cannot map', () => {
    const statusOf = (status: string | null) => events(renderCalendar(calendar, [item({ status })]))[0]?.get('STATUS');
    expect(statusOf('planned')).toBe('TENTATIVE');
    expect(statusOf('scheduled')).toBe('CONFIRMED');
    expect(statusOf('Published')).toBe('CONFIRMED');
    expect(statusOf('cancelled')).toBe('CANCELLED');
    expect(statusOf('someday')).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
    const priorityOf = (priority: string) => events(renderCalendar(calendar, [item({ priority })]))[0]?.get('PRIORITY');
    expect([priorityOf('high'), priorityOf('normal'), priorityOf('low'), priorityOf('whenever')]).toEqual(['1', '5', '9', undefined]);
  });

  it('omits DESCRIPTION and CATEGORIES when there is nothing to say', () => {
    const [event] = events(renderCalendar(calendar, [item({ platform: null, content_type: null, tags: [] })]));
    expect(event?.has('DESCRIPTION')).toBe(false);
    expect(event?.has('CATEGORIES')).toBe(false);
  });

  it('keeps an empty calendar valid: one component (a UTC VTIMEZONE) and no events', () => {
    const text = renderCalendar(calendar, []);
    expect(events(text)).toHaveLength(0);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\n');
    expect(text).toContain('END:VTIMEZONE\r\nEND:VCALENDAR\r\n');
  });

  it('folds long multi-byte text so every physical line is at most 75 octets', () => {
    const text = renderCalendar(calendar, [item({ description: 'Überraschung am Strand 🏖️ — 日本語のテキスト '.repeat(20) })]);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(events(text)[0]?.get('DESCRIPTION')).toBe('Überraschung am Strand 🏖️ — 日本語のテキスト '.repeat(20));
  });
});
