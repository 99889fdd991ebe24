/**
 * How a Graph error maps to a publish result. Only what certainly did not
 * publish becomes `failed` or `deferred`; the rest is `unknown` and gets a
 * reconcile: a rate-limit error on a publish call can come back although the
 * post went live (Postiz PR #1681), so it never counts as a failure.
 */
import { GraphApiError, GraphUnreachable } from './graph-client.js';
import type { PublishResult } from './types.js';

const TOKEN_INVALID = 190;
/** Application / user / page-level throttling codes, and Graph's "unknown error" (1) and "service" (2). */
const THROTTLED = new Set([1, 2, 4, 17, 32, 613]);
const IG_PUBLISH_LIMIT = { code: 9, subcode: 2207042 };
/** media_publish before the container is FINISHED: nothing was published, try later. */
const IG_NOT_READY = 9007;
const DEFER_MS = 3_600_000;

export function tokenExpired(error: GraphApiError): PublishResult {
  const expired = error.subcode === 463 ? 'expired' : 'invalid or revoked';
  return { kind: 'failed', reauth: true, reason: `The account's access token is ${expired} (Graph error 190${error.subcode ? `/${error.subcode}` : ''}); reconnect the account with a new token.` };
}

export function limitReached(now = Date.now()): PublishResult {
  return { kind: 'deferred', until: new Date(now + DEFER_MS), reason: 'The account has published its 50 posts of the rolling 24 hours; deferred by an hour.' };
}

/**
 * `step` says what was being done; `publishCall` = the call that makes the
 * post live, where anything but a clear refusal leaves the outcome unknown.
 */
export function fromGraphError(error: unknown, step: string, publishCall: boolean): PublishResult {
  if (error instanceof GraphUnreachable) return { kind: 'unknown', reason: `${step}: ${error.message}` };
  if (!(error instanceof GraphApiError)) throw error;
  if (error.code === TOKEN_INVALID) return tokenExpired(error);
  if (error.code === IG_PUBLISH_LIMIT.code && error.subcode === IG_PUBLISH_LIMIT.subcode) return limitReached();
  if (error.code === IG_NOT_READY) return { kind: 'unknown', reason: `${step}: the container is not ready yet (Graph error ${IG_NOT_READY})` };
  if (THROTTLED.has(error.code)) {
    return publishCall
      ? { kind: 'unknown', reason: `${step}: ${error.message} (Graph error ${error.code}) — the post may be live; a reconcile looks first` }
      : { kind: 'unknown', reason: `${step}: ${error.message} (Graph error ${error.code}); retried later` };
  }
  return { kind: 'failed', reason: `${step}: ${error.message} (Graph error ${error.code}${error.subcode ? `/${error.subcode}` : ''})` };
}
