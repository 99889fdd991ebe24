/**
 * The content status workflow. The database only checks that a status is one
 * of the five; which moves are allowed is the API's rule, applied inside the
 * one UPDATE statement (`WHERE status = ANY(sources)`), so a concurrent change
 * cannot slip a piece past a step.
 *
 *   draft     -> review, archived        (submit; abandon)
 *   review    -> approved, draft         (approve; send back)
 *   approved  -> published, review, draft (publish; reopen review; back to editing)
 *   published -> archived                (retire; a live piece is not silently unpublished to draft)
 *   archived  -> draft                   (revive for re-editing)
 *
 * Moving to the status a piece already has is not a transition (409).
 */
export const CONTENT_STATUSES = ['draft', 'review', 'approved', 'published', 'archived'] as const;

export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<ContentStatus, readonly ContentStatus[]>> = {
  draft: ['review', 'archived'],
  review: ['approved', 'draft'],
  approved: ['published', 'review', 'draft'],
  published: ['archived'],
  archived: ['draft'],
};

/** The statuses from which `to` may be reached. */
export function allowedSources(to: ContentStatus): ContentStatus[] {
  return CONTENT_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

export function isAllowed(from: string | null, to: ContentStatus): boolean {
  return from !== null && (TRANSITIONS[from as ContentStatus] ?? []).includes(to);
}
