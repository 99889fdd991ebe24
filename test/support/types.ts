/** Response shapes the tests read, declared once. */

/** An RFC 9457 problem+json body as the API sends it (the platform's own type). */
export type { Problem } from '../../lambdas/platform/http/problem.js';

/** A keyset list page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
