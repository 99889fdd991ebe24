/**
 * Meta's webhook credentials: `X-Hub-Signature-256: sha256=<hex>` is
 * HMAC-SHA256 of the raw request body keyed with the app secret, and the
 * verification handshake's `hub.verify_token` is compared with ours. Both
 * comparisons are constant-time, so response timing says nothing about how
 * much of a guess was right.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whether `header` is the signature of exactly these bytes (never of re-serialised JSON). */
export function validSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** Constant-time equality of two tokens (hashed first, so unequal lengths leak nothing either). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHmac('sha256', 'verify-token').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
