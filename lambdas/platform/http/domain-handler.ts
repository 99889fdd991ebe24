/**
 * The Lambda handler of one domain: every route of the table whose `domain`
 * matches is served here, found by API Gateway's routeKey. The chain does the
 * route's role check, body reading, zod validation, serialisation and error
 * mapping, so an implementation only holds the operation's logic.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { routes as routeTable } from '../../app.js';
import { routeKeyOf } from './route.js';
import type { RouteDefinition } from './route.js';
import { logger, metrics } from '../observability.js';
import { authorize } from './authorize.js';
import { readBody } from './body.js';
import { NotFoundError } from '../errors.js';
import type { HttpApiEvent, HttpApiResponse } from './event.js';
import { accessLog, problemDetails } from './middleware.js';
import type { HttpRequest } from './request.js';
import type { HttpResult } from './result.js';
import { serialise } from './serialise.js';
import { validateInput } from './validation.js';

/**
 * One operation. Declared as a method so an implementation typed with its
 * route's narrower `RequestFor<typeof route>` is accepted here.
 */
export type Implementation = {
  bivariant(request: HttpRequest): Promise<HttpResult>;
}['bivariant'];

export type Implementations = Readonly<Record<string, Implementation>>;

export type DomainHandler = MiddyfiedHandler<HttpApiEvent, HttpApiResponse, Error, Context>;

export interface DomainHandlerOptions {
  /** The route table to serve from; the application's table by default (tests pass their own). */
  routes?: readonly RouteDefinition[];
}

/** Refuses to start when the table and the implementations disagree, so a gap fails at deploy-time smoke tests, not per request. */
function bindRoutes(domain: string, table: readonly RouteDefinition[], implementations: Implementations) {
  const own = table.filter((route) => route.domain === domain);
  const missing = own.filter((route) => !(route.operationId in implementations)).map((r) => r.operationId);
  const known = new Set(own.map((route) => route.operationId));
  const extra = Object.keys(implementations).filter((id) => !known.has(id));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Domain ${domain}: ${missing.length > 0 ? `no implementation for ${missing.join(', ')}` : ''}` +
        `${missing.length > 0 && extra.length > 0 ? '; ' : ''}` +
        `${extra.length > 0 ? `implementations without a route: ${extra.join(', ')}` : ''}`,
    );
  }
  return new Map(own.map((route) => [routeKeyOf(route), { route, run: implementations[route.operationId]! }]));
}

function lowerCaseHeaders(headers: HttpApiEvent['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

export function createDomainHandler(
  domain: string,
  implementations: Implementations,
  options: DomainHandlerOptions = {},
): DomainHandler {
  const bound = bindRoutes(domain, options.routes ?? routeTable, implementations);
  const log = logger.createChild({ persistentKeys: { domain } });

  const handle = async (event: HttpApiEvent): Promise<HttpApiResponse> => {
    const entry = bound.get(event.routeKey);
    if (!entry) throw new NotFoundError(`No route ${event.routeKey} in domain ${domain}.`);
    const { route, run } = entry;
    const principal = authorize(route, event);
    const { body, rawBody } = readBody(event, route);
    const input = validateInput(route, {
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body,
    });
    const headers = lowerCaseHeaders(event.headers);
    const request: HttpRequest = {
      route,
      ...input,
      rawBody,
      headers,
      principal,
      requestId: event.requestContext.requestId,
      event,
    };
    if (principal?.sub) log.appendKeys({ sub: principal.sub });
    const result = await run(request);
    return serialise(result, { method: route.method, headers });
  };

  return middy<HttpApiEvent, HttpApiResponse, Error, Context>(handle)
    .use(injectLambdaContext(log, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(accessLog(log, metrics))
    .use(problemDetails(log));
}
