/**
 * The Lambda handler of one domain. API Gateway sends every request under the
 * domain's mounts to this function; its router picks the operation from the
 * method and path (404 for an unknown path, 405 for a known path with another
 * method). The chain does the route's role check, body reading, zod
 * validation, serialisation and error mapping, so an implementation only
 * holds the operation's logic.
 */
import middy from '@middy/core';
import type { MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { withIdempotencyKey } from '../idempotency/index.js';
import { logger, metrics } from '../observability.js';
import { loadSigningSecret } from '../crypto/signing-secret.js';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError } from '../errors.js';
import { authorize } from './authorize.js';
import { readBody } from './body.js';
import type { DomainApi } from './domain.js';
import type { HttpApiEvent, HttpApiResponse } from './event.js';
import { inRequestTerms } from './error-mapping.js';
import { accessLog, flushMetrics, lambdaContext, problemDetails } from './middleware.js';
import { requestTerms } from './request-fields.js';
import type { HttpRequest } from './request.js';
import type { ApiRoute } from './route.js';
import { createRouter, type RouteMatch } from './router.js';
import { serialise } from './serialise.js';
import { validateInput } from './validation.js';

export type DomainHandler = (event: HttpApiEvent, context: Context) => Promise<HttpApiResponse>;
type Chain = MiddyfiedHandler<HttpApiEvent, HttpApiResponse, Error, Context>;

function lowerCaseHeaders(headers: HttpApiEvent['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

/** For a secret path, the chain (logs, problem `instance`) sees the route template; the router already read the real one. */
function redacted(event: HttpApiEvent, route: ApiRoute): HttpApiEvent {
  if (!route.secretPath) return event;
  return {
    ...event,
    rawPath: route.path,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: route.path } },
  };
}

export function createDomainHandler(api: DomainApi): DomainHandler {
  const router = createRouter(api.routes);
  const log = logger.createChild({ persistentKeys: { domain: api.name } });
  const matches = new WeakMap<HttpApiEvent, RouteMatch<ApiRoute>>();

  const handle = async (event: HttpApiEvent): Promise<HttpApiResponse> => {
    // Once per container where the stack grants the signing secret (cursors, feed tokens); a no-op elsewhere.
    await loadSigningSecret().catch((error: unknown) => {
      throw new ServiceUnavailableError('The signing secret could not be read; try again shortly.', 5, error);
    });
    const match = matches.get(event) ?? router(event.requestContext.http.method, event.rawPath);
    if (match.kind === 'none') throw new NotFoundError(`No route ${event.requestContext.http.method} ${event.rawPath}.`);
    if (match.kind === 'method-not-allowed') throw new MethodNotAllowedError(event.requestContext.http.method, match.allow);
    const { route, pathParameters } = match;
    const principal = authorize(route, event);
    const { body, rawBody } = readBody(event, route);
    const input = validateInput(route, { params: pathParameters, query: event.queryStringParameters ?? {}, rawQuery: event.rawQueryString, body });
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
    const implementation = route.idempotent === true ? withIdempotencyKey(route.handler) : route.handler;
    // A conflict names the fields as this request gave them (request-fields.ts).
    const result = await implementation(request).catch((error: unknown) => {
      throw inRequestTerms(error, requestTerms(route, input));
    });
    return serialise(result, { method: route.method, headers });
  };

  const chain: Chain = middy<HttpApiEvent, HttpApiResponse, Error, Context>(handle)
    .use(lambdaContext(log))
    .use(flushMetrics(metrics))
    .use(accessLog(log, metrics))
    .use(problemDetails(log));

  return async (event, context) => {
    const match = router(event.requestContext.http.method, event.rawPath);
    const seen = match.kind === 'match' ? redacted(event, match.route) : event;
    matches.set(seen, match);
    return chain(seen, context);
  };
}
