/**
 * The publishing state machine of a social post:
 *
 *   draft → scheduled → publishing → published | failed   (→ deleted)
 *
 * Callers move a post only along USER_MOVES; `scheduled → publishing` is the
 * dispatch worker's claim and `publishing → published | failed` its record of
 * the outcome, so no request can mark a post published or take one away from
 * a publisher mid-flight.
 */
export const POST_STATUSES = ['draft', 'scheduled', 'publishing', 'published', 'failed', 'deleted'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** The statuses a caller may ask for, and where from. */
export const USER_MOVES: Readonly<Partial<Record<PostStatus, readonly PostStatus[]>>> = {
  // Scheduling also needs scheduled_at (checked in the same statement).
  scheduled: ['draft', 'failed'],
  // Unscheduling before the worker claims it; a failed post back to editing.
  draft: ['scheduled', 'failed'],
  // A soft delete: the row stays as history (removing it from the platform is the publisher's).
  deleted: ['draft', 'scheduled', 'failed', 'published'],
};

export type UserTarget = keyof typeof USER_MOVES & PostStatus;
export const USER_TARGETS = Object.keys(USER_MOVES) as [UserTarget, ...UserTarget[]];


/** Statuses in which a post's content may still be edited with PATCH: not while or after it is published. */
export const EDITABLE: readonly PostStatus[] = ['draft', 'scheduled', 'failed'];
