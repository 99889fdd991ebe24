/**
 * The ingest's per-item check (the quick schema without event_data's walk,
 * the byte cap and well-formedness on the text) decides exactly as the
 * declared item schemas do, keeps the same values, and leaves the errors to
 * them.
 */
import { describe, expect, it } from 'vitest';
import { checkEvent, quickEvent } from '../../../lambdas/campaigns/events-validator.js';
import { batchEventInput, eventInput } from '../../../lambdas/campaigns/schemas.js';

const base = {
  contact: '0190a5f0-0000-7000-8000-00000000abcd',
  event_type: 'opened',
  event_timestamp: '2026-06-01T10:00:00.000Z',
  event_data: { message_id: 'm-1', link: 'https://example.com/?a=1' },
  channel: 'email',
  device_type: 'mobile',
  location: 'Lisbon, PT',
};

/** Every field in turn given each of these (undefined: left out). */
const VALUES: Record<string, unknown[]> = {
  contact: [undefined, null, 7, '', 'ab', 'a@b', 'a\uD800@b.com', '\uDC00\uD800@', '\uD83D\uDE00@x.com', '0190A5F0-0000-7000-8000-00000000ABCD', 'Ana@Example.com', 'two words@x.com', 'no-at-sign', `${'x'.repeat(310)}@example.com`, `${'x'.repeat(320)}@example.com`, '👩‍👩@x', '😀@'],
  event_type: [undefined, null, 'sent', 'SENT', 'read', 3],
  event_timestamp: [
    null, 5, '', '2026-06-01T10:00:00Z', '2026-06-01T10:00:00.123456789Z', '2026-06-01T10:00:00+02:00', '2026-06-01T10:00:00-15:59', '2026-06-01T10:00:00+16:00',
    '2026-06-01T10:00Z', '2026-06-01 10:00:00Z', '2026-06-01t10:00:00z', '2026-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z',
    '2026-13-01T00:00:00Z', '2026-06-01T24:00:00Z', '2026-06-01T10:00:00', 'yesterday',
  ],
  event_data: [
    null, 'text', [], [1], {}, { nested: { deep: [1, { x: '"\\' }] } }, { p: 'x'.repeat(3_980) }, { p: 'x'.repeat(3_990) }, { p: 'é'.repeat(1_995) }, { p: 'é'.repeat(2_000) },
    JSON.parse('{"__proto__": {"x": 1}, "a": 1}'), JSON.parse('{"1": "a", "b": 2, "0": "c"}'),
    // Lone surrogates (in a value, nested, in an array, in a key, with the byte cap broken too), a literal "\\ud800", pairs.
    { note: '\uD800' }, { a: { b: ['x', 'a\uDC00b'] } }, { ['k\uDBFF']: 1 }, { p: 'x'.repeat(3_990), q: '\uDFFF' }, JSON.parse('{"__proto__": {"x": "\\ud800"}}'),
    { note: '\\ud800 is an escape' }, { e: '😀 \uD83D\uDE00 👩‍👩‍👧 🏖️', ['😀']: ['\uDBFF\uDFFF'] },
  ],
  channel: [null, '', 'e', 'x'.repeat(50), 'x'.repeat(51), '😀'.repeat(25), '😀'.repeat(26), 3, '\uD800', 'e\uDC00', '\uD83D\uDE00', 'x'.repeat(50) + '\uD800'],
  device_type: [null, '', 'x'.repeat(50), 'x'.repeat(51), false, 'mobile\uDBFF'],
  location: [null, '', 'x'.repeat(200), 'x'.repeat(201), 'a,"b"{c}\\d\n', '\uDC00Lisbon', 'Lisboa 🏖️'],
  campaign: [undefined, '0190a5f0-0000-7000-8000-000000000000', 'CMP-010001', 'cmp-010001', 'CMP-1', 'nope', 5],
};

function corpus(batch: boolean): unknown[] {
  const start = batch ? { ...base, campaign: 'CMP-010001' } : base;
  const items: unknown[] = [start, null, 'event', 3, [], [start], {}, { ...start, colour: 'red' }, JSON.parse(`{"__proto__": 1, ${JSON.stringify(start).slice(1)}`)];
  for (const [field, values] of Object.entries(VALUES)) {
    for (const value of values) {
      const item: Record<string, unknown> = { ...start };
      if (value === undefined) delete item[field];
      else item[field] = value;
      items.push(item);
    }
  }
  return items;
}

/** What the statement would get from an accepted item. */
function stored(event: Record<string, unknown>, data: string | null) {
  const { contact, campaign, event_type, event_timestamp, channel, device_type, location } = event;
  return { contact, campaign, event_type, event_timestamp, channel, device_type, location, data };
}

describe('checkEvent', () => {
  for (const batch of [false, true]) {
    it(`decides as the declared ${batch ? 'batch ' : ''}item schema does, with its values and its errors`, () => {
      const schema = batch ? batchEventInput : eventInput;
      let accepted = 0;
      for (const item of corpus(batch)) {
        const checked = checkEvent(item, batch);
        const declared = schema.safeParse(item);
        expect(checked.ok, JSON.stringify(item)?.slice(0, 200)).toBe(declared.success);
        if (checked.ok && declared.success) {
          accepted += 1;
          const data = declared.data.event_data;
          expect(stored(checked.event, checked.data)).toEqual(stored(declared.data, data === undefined || data === null ? null : JSON.stringify(data)));
        } else if (!checked.ok && !declared.success) {
          expect(checked.issues).toEqual(declared.error.issues);
        }
      }
      // The corpus exercises both answers.
      expect(accepted).toBeGreaterThan(20);
    });
  }

  it('refuses a lone surrogate in event_data, a text field or the contact, at the path of the string or key', () => {
    const paths = (item: unknown) => {
      const checked = checkEvent(item, false);
      return checked.ok ? [] : checked.issues.map((i) => [i.path, i.message]);
    };
    expect(paths({ ...base, event_data: { note: '\uD800', list: ['ok', { deep: 'a\uDC00b' }], ['k\uDBFF']: 1 } })).toEqual([
      [['event_data', 'note'], expect.stringMatching(/^must be well-formed Unicode: it holds a lone UTF-16 surrogate/)],
      [['event_data', 'list', 1, 'deep'], expect.stringMatching(/^must be well-formed Unicode/)],
      [['event_data', 'k\uDBFF'], expect.stringMatching(/^this key must be well-formed Unicode/)],
    ]);
    for (const field of ['channel', 'device_type', 'location']) expect(paths({ ...base, [field]: 'x\uD800' })).toEqual([[[field], expect.stringMatching(/^must be well-formed/)]]);
    expect(paths({ ...base, contact: 'ana\uDC00@example.com' })).toEqual([[['contact'], expect.stringMatching(/^must be well-formed/)]]);
  });

  it('keeps well-formed astral characters on the fast path: the item as it came, event_data as its JSON text', () => {
    const item = { ...base, event_data: { e: '😀 \uD83D\uDE00 👩‍👩‍👧', ['🏖️']: ['\uDBFF\uDFFF'] }, channel: '😀', location: 'Lisboa 🏖️' };
    const checked = checkEvent(item, false);
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(checked.event).toBe(item);
      expect(checked.data).toBe(JSON.stringify(item.event_data));
      expect(JSON.parse(checked.data!)).toEqual(item.event_data);
    }
  });

  it('leaves event_data\'s cap and walk to the text: the quick schema passes what only they refuse', () => {
    const lone = { ...base, event_data: { note: '\uD800' } };
    const big = { ...base, event_data: { note: 'x'.repeat(5000) } };
    for (const item of [lone, big]) {
      expect(quickEvent.safeParse(item).success).toBe(true);
      expect(checkEvent(item, false).ok).toBe(false);
    }
  });
});
