/**
 * One dispatch run: claim due posts (and posts whose earlier outcome is
 * unknown), hand each to its platform's publisher, record what it answers.
 *
 * A publish call is never retried within a run, and never blindly: an
 * unknown outcome holds the post in `publishing`, and the next claim of it is
 * a reconcile in which the publisher looks on the platform before anything
 * else. Each post's result is recorded before the next post starts, so a run
 * cut short (the Lambda timeout) loses at most the post in hand, which its
 * expired lease brings back as a reconcile.
 */
import { logger } from '../../platform/observability.js';
import type { SqlExecutor } from '../../platform/db/executor.js';
import { claimDuePosts, CLAIM_BATCH, LEASE_SECONDS, type ClaimedPost } from './claim.js';
import type { GraphConfig } from './graph-config.js';
import { NoUsableToken } from './publishers/account-token.js';
import { publisherFor, type PublishResult } from './publishers/index.js';
import { recordContainer, recordResult, REAUTH_STATUS } from './record.js';

export interface DispatchOptions {
  graph: GraphConfig;
  batch?: number;
  leaseSeconds?: number;
  /** How long an unknown outcome is held before a reconcile (default 60 s). */
  holdSeconds?: number;
  /** Claims after which a still-unknown outcome becomes a failure that says to check the platform (default 5). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds the run has left (the Lambda context's); posts not started with less than RESERVE_MS left are handed back. */
  timeLeftMs?: () => number;
}

/** Room one post needs: container polling (10 × 3 s) plus the calls around it. */
export const RESERVE_MS = 45_000;

export interface DispatchSummary {
  claimed: number;
  published: number;
  failed: number;
  deferred: number;
  unknown: number;
  /** Results not written because another run had taken the post over. */
  lost: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class ClaimLost extends Error {}

async function publishOne(db: SqlExecutor, post: ClaimedPost, options: DispatchOptions): Promise<PublishResult> {
  const publisher = publisherFor(post.account.platform);
  if (!publisher) return { kind: 'failed', reason: `No publisher for ${post.account.platform}.` };
  if (post.account.status === REAUTH_STATUS) return { kind: 'failed', reason: 'The account needs re-authorisation (its token was refused); reconnect it with a new token.' };
  try {
    return await publisher.publish(post, {
      graph: options.graph,
      sleep: options.sleep ?? wait,
      checkpoint: async (containerId) => {
        if (!(await recordContainer(db, post, containerId))) throw new ClaimLost();
      },
    });
  } catch (error) {
    if (error instanceof NoUsableToken) return { kind: 'failed', reason: error.message };
    if (error instanceof ClaimLost) throw error;
    // Where it broke is not known: hold it, and let a reconcile look before any publish.
    logger.error('publisher failed unexpectedly', { post: post.social_post_id, error: (error as Error).name });
    return { kind: 'unknown', reason: `The publisher stopped unexpectedly (${(error as Error).name}); a reconcile follows.` };
  }
}

/** After maxAttempts an unknown outcome stops being retried: the post fails with a reason that says to check first. */
function settle(result: PublishResult, post: ClaimedPost, maxAttempts: number): PublishResult {
  if (result.kind !== 'unknown' || post.attempt < maxAttempts) return result;
  return { kind: 'failed', reason: `Outcome still unknown after ${post.attempt} attempts (${result.reason}). Check ${post.account.platform} before scheduling it again.` };
}

export async function dispatchDuePosts(db: SqlExecutor, options: DispatchOptions): Promise<DispatchSummary> {
  const posts = await claimDuePosts(db, options.batch ?? CLAIM_BATCH, options.leaseSeconds ?? LEASE_SECONDS);
  const summary: DispatchSummary = { claimed: posts.length, published: 0, failed: 0, deferred: 0, unknown: 0, lost: 0 };
  for (const post of posts) {
    let result: PublishResult;
    if ((options.timeLeftMs?.() ?? Infinity) < RESERVE_MS) {
      // Not started: hand it back at once rather than hold it for the whole lease (the next run reconciles, finds nothing, publishes).
      if (await recordResult(db, post, { kind: 'unknown', reason: 'Not started: the run ran out of time; the next run takes it.' }, 0)) summary.unknown++;
      else summary.lost++;
      continue;
    }
    try {
      result = settle(await publishOne(db, post, options), post, options.maxAttempts ?? 5);
    } catch (error) {
      if (!(error instanceof ClaimLost)) throw error;
      summary.lost++;
      continue;
    }
    const written = await recordResult(db, post, result, options.holdSeconds ?? 60);
    if (!written) {
      summary.lost++;
      logger.warn('publish result not recorded: another run holds the post now', { post: post.social_post_id, attempt: post.attempt });
      continue;
    }
    summary[result.kind]++;
    // Reasons are ours or Graph's messages; neither carries the token.
    logger.info('post dispatched', {
      post: post.social_post_id,
      platform: post.account.platform,
      attempt: post.attempt,
      reconcile: post.reconcile,
      outcome: result.kind,
      ...(result.kind === 'published' ? { external_post_id: result.externalPostId } : { reason: result.reason }),
    });
  }
  return summary;
}
