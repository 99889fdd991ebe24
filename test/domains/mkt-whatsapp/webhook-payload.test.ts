/**
 * The webhook's pure parts: how a delivery becomes rows (types mapped to the
 * CHECK list, entries not as documented left out without costing the rest)
 * and the constant-time credential checks.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { delivery, flatten } from '../../../lambdas/mkt-whatsapp/webhook-payload.js';
import { sameToken, validSignature } from '../../../lambdas/mkt-whatsapp/webhook-signature.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('flatten', () => {
  it('turns every entry and change of a documented delivery into rows', () => {
    const { inbound, statuses } = flatten(delivery.parse(fixture('inbound-messages.json')));
    expect(statuses).toEqual([]);
    expect(inbound.map((m) => [m.message_type, m.wa_id, m.profile_name, m.group_ext])).toEqual([
      ['text', '16505551234', 'Sheena Nelson', null],
      ['location', '16505551234', 'Sheena Nelson', null],
      ['reaction', '16505551234', 'Sheena Nelson', null],
      ['interactive', '16315551181', 'Kerry Fisher', '120363025246125486@g.us'],
    ]);
    expect(inbound[0]!.sent_at).toBe('2025-06-08T20:59:43.000Z');
  });

  it('keeps the first error of a failed status and leaves out unknown statuses and malformed entries only', () => {
    const raw = fixture('status-updates.json') as { entry: Array<{ changes: Array<{ value: { statuses: unknown[] } }> }> };
    raw.entry[0]!.changes[0]!.value.statuses.push({ id: 'wamid.X', status: 'deleted', timestamp: '1' }, { status: 'read' });
    const { statuses } = flatten(delivery.parse(raw));
    expect(statuses.map((s) => [s.wamid, s.status, s.error_code])).toEqual([
      ['wamid.OUTBOUND-READ-FIRST', 'read', null],
      ['wamid.OUTBOUND-FAILED', 'failed', '131049'],
      ['wamid.OUTBOUND-SENT', 'sent', null],
    ]);
  });

  it('maps message types outside the stored list onto it', () => {
    const message = (extra: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: '1' }, messages: [{ from: '16505551234', id: 'wamid.1', timestamp: '1', ...extra }] } }] }],
    });
    const typeOf = (extra: Record<string, unknown>) => flatten(delivery.parse(message(extra))).inbound.map((m) => [m.message_type, m.body]);
    expect(typeOf({ type: 'sticker', sticker: { id: 's' } })).toEqual([['image', null]]);
    expect(typeOf({ type: 'button', button: { text: 'Yes' } })).toEqual([['interactive', 'Yes']]);
    expect(typeOf({ type: 'image', image: { id: 'i', caption: 'Pool view' } })).toEqual([['image', 'Pool view']]);
    expect(typeOf({ type: 'unsupported' })).toEqual([['text', null]]);
    expect(typeOf({ type: 'text', from: 'not-a-number', text: { body: 'x' } })).toEqual([]);
  });
});

describe('credentials', () => {
  it('accepts only the HMAC-SHA256 of the exact bytes, and compares tokens exactly', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account"}');
    const signature = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    expect(validSignature(body, signature, 'secret')).toBe(true);
    expect(validSignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), 'secret')).toBe(true);
    expect(validSignature(Buffer.concat([body, Buffer.from(' ')]), signature, 'secret')).toBe(false);
    expect(validSignature(body, signature, 'other')).toBe(false);
    expect(validSignature(body, signature.slice(0, -2), 'secret')).toBe(false);
    expect(validSignature(body, undefined, 'secret')).toBe(false);
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
  });
});
