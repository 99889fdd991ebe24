/**
 * Real API Gateway HTTP API payload-format-2.0 events and Lambda contexts for
 * the HTTP chain's tests, shaped like the ones API Gateway sends (array
 * claims flattened to "[a b]", lower-cased headers, base64 for binary bodies).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { HttpApiEvent } from '../../lambdas/platform/http/event.js';

export interface EventOptions {
  /** Concrete path; defaults to `routePath` with params substituted. */
  rawPath?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** JSON-serialised unless a string or Buffer. */
  body?: unknown;
  /** JWT claims as API Gateway passes them; omit for an unauthenticated route. */
  claims?: Record<string, string | number | boolean | string[]>;
}

export function httpEvent(method: string, routePath: string, options: EventOptions = {}): HttpApiEvent {
  const rawPath =
    options.rawPath ??
    routePath.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => encodeURIComponent(options.params?.[name] ?? name));
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  let body: string | undefined;
  let isBase64Encoded = false;
  const headers: Record<string, string> = { host: 'api.example.test', 'user-agent': 'vitest' };
  if (Buffer.isBuffer(options.body)) {
    body = options.body.toString('base64');
    isBase64Encoded = true;
  } else if (typeof options.body === 'string') {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8'));
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${routePath}`,
    rawPath,
    rawQueryString,
    headers,
    ...(options.query && Object.keys(options.query).length > 0 ? { queryStringParameters: options.query } : {}),
    ...(options.params ? { pathParameters: options.params } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `${method} ${routePath}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: null } } } : {}),
    },
  };
}

/** Claims of a Cognito access token as API Gateway forwards them. */
export function claimsFor(groups: string, sub = 'user-123'): Record<string, string> {
  return {
    sub,
    'cognito:groups': groups,
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test',
    client_id: 'client',
    token_use: 'access',
    exp: String(Math.floor(Date.now() / 1000) + 3600),
  };
}

export function lambdaContext(): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:test-fn',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test-fn',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface ParsedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string | undefined;
  cookies: string[] | undefined;
  isBase64Encoded: boolean | undefined;
}

export function parseResponse(response: {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  cookies?: string[];
  isBase64Encoded?: boolean;
}): ParsedResponse {
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  let body: unknown = undefined;
  if (response.body !== undefined && /json/.test(headers['content-type'] ?? '')) body = JSON.parse(response.body);
  return {
    statusCode: response.statusCode ?? 0,
    headers,
    body,
    rawBody: response.body,
    cookies: response.cookies,
    isBase64Encoded: response.isBase64Encoded,
  };
}
