/**
 * Secret subscription URLs for calendar feeds: the token format.
 *
 * A token is 32 random bytes followed by a 16-byte tag, HMAC-SHA256 of the
 * random part under the stage's feed-token key (derived from the signing
 * secret, platform/crypto/signing-secret.ts), all base64url: 43 + 22 = 65
 * characters. The feed checks the tag in constant time before any lookup, so
 * a forged, truncated or made-up token costs no Data API call (and cannot
 * resume a paused cluster). The database keeps only the SHA-256 of the whole
 * token, so the URL cannot be recovered from a backup or a log of the table.
 *
 * Tokens issued before tags (43 characters, no tag) are refused the same way:
 * they cannot be told apart from guesses without a lookup.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { signingKey } from '../platform/crypto/signing-secret.js';

const RANDOM_CHARS = 43;
const TAG_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{65}$/;
const LEGACY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Calendar apps like a URL ending in .ics; the route's last segment is `<token>.ics`. */
export const FEED_SUFFIX = '.ics';
export const FEED_PATH_PREFIX = '/v1/calendar-feeds/';

function tagOf(random: string): string {
  return createHmac('sha256', signingKey('calendar-feed-token/v1')).update(random, 'utf8').digest().subarray(0, TAG_BYTES).toString('base64url');
}

export function newFeedToken(): string {
  const random = randomBytes(32).toString('base64url');
  return `${random}${tagOf(random)}`;
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type SegmentCheck = { kind: 'token'; token: string } | { kind: 'legacy' } | { kind: 'invalid' };

/**
 * What a feed path segment (`<token>.ics` or the bare token) holds, decided
 * without the database: a token whose tag verifies, an untagged token of the
 * old format, or nothing this API issued.
 */
export function checkFeedSegment(segment: string): SegmentCheck {
  const token = segment.endsWith(FEED_SUFFIX) ? segment.slice(0, -FEED_SUFFIX.length) : segment;
  if (LEGACY_PATTERN.test(token)) return { kind: 'legacy' };
  if (!TOKEN_PATTERN.test(token)) return { kind: 'invalid' };
  const given = Buffer.from(token.slice(RANDOM_CHARS), 'utf8');
  const expected = Buffer.from(tagOf(token.slice(0, RANDOM_CHARS)), 'utf8');
  // Compared as text, so only the one canonical spelling of the tag passes.
  return given.length === expected.length && timingSafeEqual(given, expected) ? { kind: 'token', token } : { kind: 'invalid' };
}

/**
 * Absolute subscribe URLs. The host is the one the client called (API
 * Gateway's domain or a custom domain in front of it); the scheme follows
 * X-Forwarded-Proto, which API Gateway sets to https.
 */
export function feedUrls(token: string, host: string, proto: string | undefined): { feed_url: string; webcal_url: string } {
  const path = `${FEED_PATH_PREFIX}${token}${FEED_SUFFIX}`;
  return { feed_url: `${proto === 'http' ? 'http' : 'https'}://${host}${path}`, webcal_url: `webcal://${host}${path}` };
}
