/**
 * The one description of every HTTP route. Three consumers read it: the CDK
 * stack (one Lambda per `domain`, one API Gateway route per entry), the local
 * HTTP server, and the OpenAPI document. Handlers look their route up by
 * routeKey, so nothing about a route is written twice.
 */
import type { ZodObject, ZodType } from 'zod';
import type { Role } from '../auth/roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * - `jwt`: API Gateway's JWT authorizer checks the bearer token; the handler checks `role`.
 * - `none`: public (health).
 * - `signature`: no authorizer; the handler verifies a signed payload itself (webhooks).
 */
export type RouteAuth = 'jwt' | 'none' | 'signature';

export interface RouteRequest {
  /** Path parameters, one key per `{name}` in `path`. */
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** Media type of the body; JSON (`application/json`) when omitted. */
  contentType?: string;
}

export interface RouteResponse {
  description: string;
  schema?: ZodType;
  /** `application/json` when omitted. */
  contentType?: string;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway syntax: `/v1/content/{id}`. */
  path: string;
  /** Folder under `lambdas/` whose `handler.ts` exports `handler`. */
  domain: string;
  auth: RouteAuth;
  /** Lowest Cognito group allowed (viewer < marketer < admin); JWT routes default to `viewer`. */
  role?: Role;
  operationId: string;
  summary: string;
  /** For routes without `jwt` auth: why they are public and what protects them (cdk-nag reason). */
  publicBecause?: string;
  tags?: string[];
  request?: RouteRequest;
  /** Success responses; the error responses (problem+json) are added by the OpenAPI builder. */
  responses: Record<number, RouteResponse>;
}

/** API Gateway's route key for a route: `GET /v1/content/{id}`. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
