/** RFC 9457 problem details: the one error body format of the API. */
import { serialiseJson } from './etag.js';
import type { FieldError } from '../errors.js';
import type { HttpApiResponse } from './event.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Problem types are URNs: stable identifiers, not links that must resolve. */
export const problemType = (slug: string): string => `urn:marketing-ops:problem:${slug}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path the problem occurred on. */
  instance?: string;
  /** API Gateway request id: quote it when reporting a 5xx. */
  requestId?: string;
  errors?: FieldError[];
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): HttpApiResponse {
  return {
    statusCode: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_MEDIA_TYPE, 'cache-control': 'no-store' },
    body: serialiseJson(problem),
  };
}
