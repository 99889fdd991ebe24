/** The ingest's size check counts each parameter's bytes as the Data API request carries it, without building that text. */
import { describe, expect, it } from 'vitest';
import { EventColumns, jsonStringBytes } from '../../../lambdas/campaigns/events-columns.js';

describe('jsonStringBytes', () => {
  it('equals the UTF-8 length of the text written as a JSON string', () => {
    const samples = [
      '',
      'plain ascii',
      JSON.stringify([{ i: 0, d: { q: 'say "hi"', p: 'C:\\dir', n: 'line\nbreak\ttab' } }]),
      'raw controls \u0001\u0008\u000b\u001f\r\n\f\t',
      'Lisboa — açaí, 東京, emoji 🏖️',
      '"\\"\\\\',
    ];
    for (const text of samples) expect(jsonStringBytes(text), text).toBe(Buffer.byteLength(JSON.stringify(text), 'utf8'));
  });
});

describe('EventColumns', () => {
  it('counts the bytes of every parameter as the request carries it: strings JSON-escaped, the event_data blob in base64', () => {
    const odd = 'q"uote, back\\slash {brace} NULL\nline\ttab \u0001 açaí 東京 🏖️';
    const columns = new EventColumns(5);
    columns.add(0, { contact: 'o"dd,{x}\\@example.com', event_type: 'clicked', event_timestamp: '2026-06-01T10:00:00.123+02:00', data: JSON.stringify({ t: odd }), channel: odd, device_type: 'NULL', location: '{}' });
    columns.add(2, { contact: '0190a5f0-0000-7000-8000-00000000abcd', campaign: 'CMP-010001', event_type: 'sent', data: null });
    columns.add(4, { contact: 'ana@example.com', event_type: 'opened', data: '{}', location: odd });
    const { values, bytes } = columns.parameters();
    let expected = 0;
    for (const [name, value] of Object.entries(values)) {
      expected += typeof value === 'string' ? Buffer.byteLength(JSON.stringify(value), 'utf8') : Buffer.byteLength(JSON.stringify(value.toString('base64')), 'utf8');
      expect(name === 'd' ? Buffer.isBuffer(value) : typeof value === 'string', name).toBe(true);
    }
    expect(bytes).toBe(expected);
    // Items 1 and 3 were left out: NULL in every column, so the statement skips them.
    expect(values.t).toBe('{clicked,NULL,sent,NULL,opened}');
    expect(values.c).toBe('{NULL,NULL,CMP-010001,NULL,NULL}');
    expect(JSON.parse(values.d.toString('utf8'))).toEqual([{ t: odd }, null, null, null, {}]);
  });

  it('sends a column that is empty throughout as an empty literal (the statement pads it with NULL)', () => {
    const columns = new EventColumns(2);
    columns.add(1, { contact: 'ana@example.com', event_type: 'sent', data: null });
    const { values } = columns.parameters();
    expect(values.k).toBe('{NULL,"ana@example.com"}');
    expect([values.c, values.ts, values.ch, values.dv, values.lo]).toEqual(['{}', '{}', '{}', '{}', '{}']);
    expect(values.d.toString('utf8')).toBe('[]');
  });
});
