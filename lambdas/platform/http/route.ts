/**
 * A route: its HTTP contract (method, path, zod schemas, role) bound to the
 * function that implements it. A domain declares its routes with `route()`;
 * the handler's router, the local HTTP server, the CDK stack and the OpenAPI
 * document all read the same objects, so nothing binds a route to its code
 * by name or position.
 */
import type { $ZodObject as ZodObject, $ZodType as ZodType } from 'zod/v4/core';
import type { Role } from '../auth/roles.js';
import type { HttpRequest, RequestFor } from './request.js';
import type { WriteDeclaration } from './request-fields.js';
import type { HttpResult } from './result.js';

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
  /** A body limit other than MAX_BODY_BYTES (bulk routes), and why, for the 413's detail. */
  maxBody?: { bytes: number; because: string };
  /**
   * `'per-item'`: the route reports the strings PostgreSQL cannot store (holding NUL or a lone UTF-16 surrogate)
   * itself, per item of a bulk body, so one bad item does not refuse the request; otherwise the chain refuses the
   * request, naming each such string's path (platform/well-formed.ts).
   */
  textChecks?: 'per-item';
}

export interface RouteResponse {
  description: string;
  schema?: ZodType;
  /** `application/json` when omitted. */
  contentType?: string;
}

/** What a list route reads and lets a client order by (checked against the catalog's indexes by a test). */
export interface ListDeclaration {
  /** `schema.table` (or view) the list reads. */
  table: string;
  /** The tie breaker every order ends with. */
  idColumn: string;
  /** A column the list is always filtered on by equality (its parent), when there is one. */
  scope?: string;
  columns: Readonly<Record<string, { type: string; orderable?: boolean }>>;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway syntax: `/v1/content/{id}`. */
  path: string;
  auth: RouteAuth;
  /** Lowest Cognito group allowed (viewer < marketer < admin); JWT routes default to `viewer`. */
  role?: Role;
  operationId: string;
  summary: string;
  /** For routes without `jwt` auth: why they are public and what protects them (cdk-nag reason). */
  publicBecause?: string;
  /**
   * The concrete path is itself a credential (a secret feed URL): logs and
   * problem `instance` show the route template instead.
   */
  secretPath?: boolean;
  /**
   * The path as clients call it, when the last segment carries a suffix the
   * gateway's template cannot (`/v1/calendar-feeds/{token}.ics` served by
   * `/v1/calendar-feeds/{token}`); the OpenAPI document shows this one.
   */
  clientPath?: string;
  /**
   * Honours `If-Match` (412 when stale). PATCH and DELETE always do; set it on
   * other writes that put `ifMatchVersions` in their statement (status moves, restores).
   */
  ifMatch?: boolean;
  /**
   * `false`: the implementation answers GET with `etag: null` (lists, live
   * figures), so the document offers no If-None-Match / 304. A GET 200
   * otherwise carries an ETag (serialise.ts), and the test API checks which.
   */
  etag?: false;
  /**
   * For writes: the table whose unique, exclusion and foreign-key constraints
   * can refuse the request, and where the client gives each of its columns,
   * so a 409 names the fields the client sent (request-fields.ts). The
   * generic CRUD routes derive it; a test checks it against the catalog.
   */
  writes?: WriteDeclaration;
  /** For list routes: the table and orderable columns, so a test can check every order has its index. */
  list?: ListDeclaration;
  tags?: readonly string[];
  /**
   * Honours an `Idempotency-Key` header (lambdas/platform/idempotency): a
   * retry gets the first answer replayed instead of doing the write again.
   * `true`: the chain wraps the implementation. `'in-handler'`: the
   * implementation calls `withIdempotencyKey` itself once it has checked a
   * signature, so an unsigned request can neither claim a key nor read a
   * stored answer (webhooks, whose keys are shared by every caller of the route).
   */
  idempotent?: boolean | 'in-handler';
  request?: RouteRequest;
  /**
   * Error statuses the implementation answers beyond those the chain derives
   * from the route (a 404 for a reference in the body, a 409 for a state),
   * each with when; documented as problem+json.
   */
  errors?: Readonly<Record<number, string>>;
  /** Success responses; the error responses (problem+json) are added by the OpenAPI builder. */
  responses: Record<number, RouteResponse>;
}

/** API Gateway's route key for a route: `GET /v1/content/{id}`. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * One operation. Declared as a method so an implementation typed with its
 * route's narrower `RequestFor<typeof definition>` is accepted here.
 */
export type Implementation = {
  bivariant(request: HttpRequest): Promise<HttpResult>;
}['bivariant'];

/** A route and its implementation. */
export interface ApiRoute extends RouteDefinition {
  readonly handler: Implementation;
}

/**
 * Binds a route definition to its implementation, typing the request from
 * the definition's own zod schemas (`req.body` is the body schema's output).
 */
export function route<const R extends RouteDefinition>(definition: R, handler: (request: RequestFor<R>) => Promise<HttpResult>): ApiRoute {
  return { ...definition, handler: handler as Implementation };
}
