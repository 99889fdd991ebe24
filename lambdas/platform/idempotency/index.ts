/**
 * Idempotency-Key for any route that declares `idempotent: true`, following
 * draft-ietf-httpapi-idempotency-key-header. Knows nothing of domains: it
 * wraps a route's implementation.
 *
 * - No header: the route runs as usual (the key is optional).
 * - First request: the key is claimed (one Data API call, committed, so a
 *   concurrent retry sees it), then the route runs and its 2xx JSON answer is
 *   stored with the payload's fingerprint in ONE transaction: the route's
 *   statements join it through getExecutor() (db/ambient-transaction.ts), so
 *   its writes and the stored answer commit together or not at all, and no
 *   domain knows this table. A crash in between leaves neither (the Data API
 *   rolls an abandoned transaction back after 3 idle minutes); the claim's
 *   lease then runs out and a retry runs the route, once.
 * - Retry of the same payload after completion: the stored status, headers
 *   and body are replayed (`Idempotent-Replayed: true`) in that one claim
 *   call; the route does not run, so nothing is stored twice.
 * - Retry while the first still runs: 409. Same key, other payload: 422.
 * - An error answer is not stored: the route's writes are rolled back and the
 *   key is released, so the client can fix the request and retry with the same key.
 */
import { randomUUID } from 'node:crypto';
import { getExecutor, inAmbientTransaction } from '../db/index.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResult } from '../http/result.js';
import { routeKeyOf, type Implementation } from '../http/route.js';
import { logger } from '../observability.js';
import { HEADER, fingerprint, parseKey } from './policy.js';
import { claimKey, recordResponse, releaseKey, type KeyRef, type StoredResponse } from './store.js';

export { CLAIM_LEASE_SECONDS, KEY_TTL_SECONDS, MAX_KEY_LENGTH } from './policy.js';

export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Largest body kept for replay. The claim reads the stored answer back in its
 * result row, and the Data API refuses rows over 64 KB; a larger answer is
 * kept as its status and a note, so a retry still does nothing twice.
 */
export const MAX_STORED_BODY_BYTES = 60_000;

/** Keys are per client: the token's subject, or for unauthenticated (signed) routes the route itself. */
function scopeOf(request: HttpRequest): string {
  return request.principal?.sub ? `sub:${request.principal.sub}` : `route:${routeKeyOf(request.route)}`;
}

/** Only a success with a JSON (or no) body is kept; anything else is not worth replaying. */
function storable(result: HttpResult): StoredResponse | null {
  if (result.status < 200 || result.status > 299) return null;
  if (result.body instanceof Uint8Array || (result.contentType && !/json/.test(result.contentType))) return null;
  const headers = { ...result.headers, ...(result.etag ? { etag: result.etag } : {}) };
  const bytes = Buffer.byteLength(JSON.stringify(result.body ?? null), 'utf8');
  if (bytes > MAX_STORED_BODY_BYTES) {
    const detail =
      `The first request with this Idempotency-Key succeeded (${result.status}); its answer (${bytes} bytes) is larger than can be kept ` +
      `for replay (${MAX_STORED_BODY_BYTES} bytes), so only its status is replayed. Nothing was done again.`;
    return { status: result.status, headers, body: { replay_omitted: true, detail } };
  }
  return { status: result.status, headers, body: result.body ?? null };
}

function replay(stored: StoredResponse): HttpResult {
  return {
    status: stored.status,
    ...(stored.body === null ? {} : { body: stored.body }),
    headers: { ...stored.headers, [REPLAYED_HEADER]: 'true' },
    etag: null,
  };
}

export function withIdempotencyKey(handler: Implementation): Implementation {
  return async (request: HttpRequest): Promise<HttpResult> => {
    const header = request.headers[HEADER];
    if (header === undefined) return handler(request);
    const ref: KeyRef = { scope: scopeOf(request), key: parseKey(header), token: randomUUID() };
    const print = fingerprint(request.route.method, request.event.rawPath, request.rawBody);
    const executor = getExecutor();
    const claim = await claimKey(executor, ref, print);
    if (claim.kind === 'taken') {
      if (claim.fingerprint !== null && claim.fingerprint !== print) {
        throw new ValidationError(
          [{ path: 'headers.idempotency-key', message: 'Already used for a different request (method, path or body)' }],
          'This Idempotency-Key was first used with a different payload; use a new key for a new request.',
        );
      }
      if (claim.response) return replay(claim.response);
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry later for its answer.', {
        headers: { 'retry-after': '1' },
      });
    }
    // The route's writes and its stored answer commit in one transaction: a crash (or a failed write of the answer)
    // between the two can no longer leave the work done and the key unanswered, for a retry to do it again after
    // the claim's lease. The claim itself is committed before (above), so a retry meanwhile still gets its 409.
    let result: HttpResult;
    let stored: StoredResponse | null;
    try {
      ({ result, stored } = await inAmbientTransaction(executor, async (tx) => {
        const answer = await handler(request);
        const keep = storable(answer);
        if (keep) await recordResponse(tx, ref, keep);
        return { result: answer, stored: keep };
      }));
    } catch (error) {
      // Nothing of the route is left (rolled back): free the key, so the retry runs.
      await releaseKey(executor, ref).catch((cause: unknown) => logger.warn('Could not release an idempotency key', { cause }));
      throw error;
    }
    // A success that is not kept (not JSON): its work is committed; the key is freed, as before.
    if (!stored) await releaseKey(executor, ref).catch((cause: unknown) => logger.warn('Could not release an idempotency key', { cause }));
    return result;
  };
}
