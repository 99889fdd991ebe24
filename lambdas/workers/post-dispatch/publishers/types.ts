/** What a publisher is given and what it answers: every answer is recorded, none is thrown. */
import type { ClaimedPost } from '../claim.js';
import type { GraphConfig } from '../graph-config.js';

export type PublishResult =
  /** Live on the platform (found by the reconcile, or just published). */
  | { kind: 'published'; externalPostId: string | null; externalUrl: string | null; note?: string }
  /** Certainly not published and not worth retrying as is; `reauth` = the token is expired or revoked. */
  | { kind: 'failed'; reason: string; reauth?: boolean }
  /** Certainly not published, but the platform's limit is reached: back to scheduled, not before `until`. */
  | { kind: 'deferred'; reason: string; until: Date }
  /** May or may not be live (or still processing): held in publishing until a reconcile looks. */
  | { kind: 'unknown'; reason: string };

export interface PublishContext {
  graph: GraphConfig;
  /** Records the Instagram container as soon as it exists, so a later reconcile can ask about it. */
  checkpoint(containerId: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export interface Publisher {
  readonly platform: string;
  /** Publishes the post, or (post.reconcile) first finds out whether an earlier attempt already did. */
  publish(post: ClaimedPost, context: PublishContext): Promise<PublishResult>;
}
