/** The ingest's size check counts a parameter's bytes as the Data API request carries it, without building that text. */
import { describe, expect, it } from 'vitest';
import { jsonStringBytes } from '../../../lambdas/campaigns/events-columns.js';

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
