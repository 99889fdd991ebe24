/** What an operation implementation receives: validated input plus who is calling. */
import type { output, $ZodType as ZodType } from 'zod/v4/core';
import type { RouteDefinition } from './route.js';
import type { Principal } from '../auth/principal.js';
import type { HttpApiEvent } from './event.js';

export interface HttpRequest<P = Record<string, unknown>, Q = Record<string, unknown>, B = unknown> {
  route: RouteDefinition;
  /** Parsed by the route's zod schemas (defaults applied, unknown fields already rejected). */
  params: P;
  query: Q;
  body: B;
  /** The body bytes as received (signature checks, binary uploads); undefined when there is none. */
  rawBody: Buffer | undefined;
  /** Request headers, names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Null on routes without JWT auth. */
  principal: Principal | null;
  /** API Gateway's request id (also in every log line). */
  requestId: string;
  event: HttpApiEvent;
}

type Part<R extends RouteDefinition, K extends 'params' | 'query' | 'body', Fallback> = R extends {
  request: { [P in K]: infer S extends ZodType };
}
  ? output<S>
  : Fallback;

/**
 * The request type of one route, inferred from its schemas. Declare routes with
 * `satisfies RouteDefinition` so their schema types survive:
 * `async (req: RequestFor<typeof getContent>) => ...`.
 */
export type RequestFor<R extends RouteDefinition> = HttpRequest<
  Part<R, 'params', Record<string, never>>,
  Part<R, 'query', Record<string, never>>,
  Part<R, 'body', undefined>
>;
