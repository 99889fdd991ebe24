/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature in
 * `X-Twilio-Email-Event-Webhook-Signature` (base64, DER) over the
 * `X-Twilio-Email-Event-Webhook-Timestamp` value followed by the raw body,
 * checked with the public key from the SendGrid console (base64 DER
 * SubjectPublicKeyInfo). Verified over the bytes received, before parsing.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';
/** How old (or how far ahead) a signed timestamp may be: a replayed capture is refused after this. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The console's key (base64 DER) or a PEM. */
export function sendgridPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('BEGIN PUBLIC KEY')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

export function verifySendgridSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'The SendGrid signature and timestamp headers are required.' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'The SendGrid signature timestamp is not a Unix time.' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) {
    return { ok: false, reason: `The SendGrid signature timestamp is more than ${MAX_SIGNATURE_AGE_SECONDS} seconds off.` };
  }
  let valid = false;
  try {
    valid = verify('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), key, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: 'The SendGrid signature does not match the body.' };
}
