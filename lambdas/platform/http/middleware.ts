/** The chain's cross-cutting middy middlewares, each a small factory. */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { MetricUnit, type Metrics } from '../observability/emf.js';
import type { Logger } from '../observability/logger.js';
import { errorResponse, toHttpError } from './error-mapping.js';
import type { HttpApiEvent, HttpApiResponse } from './event.js';

type Middleware = MiddlewareObj<HttpApiEvent, HttpApiResponse, Error, Context>;

/** The invocation's Lambda fields (request id, cold start, function) on every line; appended keys dropped after it. Outermost. */
export function lambdaContext(log: Logger): Middleware {
  const reset = (): void => log.resetKeys();
  return {
    before: ({ context }) => log.addContext(context),
    after: reset,
    onError: reset,
  };
}

/** The ColdStart metric on a container's first invocation; what the invocation added is written after it, success or error. */
export function flushMetrics(metrics: Metrics): Middleware {
  const flush = (): void => metrics.publishStoredMetrics();
  return {
    before: ({ context }) => metrics.captureColdStartMetric(context.functionName),
    after: flush,
    onError: flush,
  };
}

/** Maps every error to problem+json; logs unexpected ones in full (the caller sees none of it). */
export function problemDetails(log: Logger): Middleware {
  return {
    onError: (request) => {
      const { error, event } = request;
      const mapped = toHttpError(error);
      if (!mapped) log.error('Unhandled error', { error });
      else if (mapped.status >= 500) log.warn('Request failed', { status: mapped.status, error });
      request.response = errorResponse(error, {
        instance: event.rawPath,
        requestId: event.requestContext?.requestId,
      });
    },
  };
}

/** One log line and latency/error metrics per request; keys name the route, never the caller's secrets. */
export function accessLog(log: Logger, metrics: Metrics): Middleware {
  const started = new WeakMap<object, number>();
  const finish = (request: { event: HttpApiEvent; response: HttpApiResponse | undefined | null }): void => {
    const status = request.response?.statusCode ?? 500;
    const durationMs = Date.now() - (started.get(request.event) ?? Date.now());
    log.info('Request completed', { status, durationMs });
    metrics.addMetric('Latency', MetricUnit.Milliseconds, durationMs);
    metrics.addMetric('ClientError', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
    metrics.addMetric('ServerError', MetricUnit.Count, status >= 500 ? 1 : 0);
  };
  return {
    before: ({ event }) => {
      started.set(event, Date.now());
      log.appendKeys({
        routeKey: event.routeKey,
        path: event.rawPath,
        apiRequestId: event.requestContext?.requestId,
      });
    },
    after: finish,
    onError: finish,
  };
}
