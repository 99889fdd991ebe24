/**
 * The Idempotency-Key policy (draft-ietf-httpapi-idempotency-key-header) and
 * the two pure pieces of it: reading the header and fingerprinting a request.
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../errors.js';

/** How long a key and its stored answer are kept (Stripe's and the draft's common choice). */
export const KEY_TTL_SECONDS = 24 * 60 * 60;
/**
 * How long a claim counts as "still running". Longer than any request can
 * take (API Gateway ends an integration after 30 s); a claim older than this
 * died with its function, and a retry of the same payload may take it over.
 */
export const CLAIM_LEASE_SECONDS = 60;
export const MAX_KEY_LENGTH = 255;

export const HEADER = 'idempotency-key';

const PRINTABLE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The key from the header. The draft makes it a Structured Field string
 * (`"8e03978e-..."`); the bare form most clients send (Stripe's) is taken as is.
 */
export function parseKey(header: string): string {
  const trimmed = header.trim();
  const quoted = /^"(?:[^"\\]|\\["\\])*"$/.test(trimmed);
  const key = quoted ? trimmed.slice(1, -1).replace(/\\(["\\])/g, '$1') : trimmed;
  // A leading quote without a proper closing one is a broken sf-string, not a bare key.
  const broken = !quoted && trimmed.startsWith('"');
  if (broken || key.length === 0 || key.length > MAX_KEY_LENGTH || !PRINTABLE.test(key)) {
    throw new BadRequestError(`The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters.`, {
      errors: [{ path: 'headers.idempotency-key', message: `1 to ${MAX_KEY_LENGTH} printable ASCII characters` }],
    });
  }
  return key;
}

/** What makes two requests "the same": method, path and the body bytes as received. */
export function fingerprint(method: string, path: string, body: Buffer | undefined): string {
  return createHash('sha256')
    .update(`${method} ${path}\n`)
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
}
