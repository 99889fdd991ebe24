/**
 * Turns a Node HTTP request into the payload-format-2.0 event API Gateway
 * HTTP API would send the Lambda, down to its quirks: lower-cased headers,
 * cookies split out, repeated query keys comma-joined, binary bodies base64,
 * and JWT claims as strings with arrays flattened to "[a b]".
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose';
import type { RoutePattern } from '../../lambdas/platform/http/router.js';
import type { HttpApiEvent, JwtClaims } from '../../lambdas/platform/http/event.js';
import type { VerifiedToken } from './jwt-authorizer.js';

export interface IncomingRequest {
  method: string;
  /** Path and query as received (still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  host: string;
  port: number;
}

/** What API Gateway does to a claim: everything a string, arrays as "[a b]". */
export function flattenClaims(payload: JWTPayload): JwtClaims {
  const claims: JwtClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml)))/i;

export function isTextBody(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.test(contentType.trim());
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}

function headerMap(request: IncomingRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-for'] = request.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(request.port);
  return headers;
}

export function buildGatewayEvent(
  request: IncomingRequest,
  route: RoutePattern,
  pathParameters: Record<string, string>,
  token: VerifiedToken | null,
  requestId: string,
): HttpApiEvent {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const headers = headerMap(request);
  const cookieHeader = request.headers.cookie;
  const cookies = cookieHeader ? cookieHeader.split(/;\s*/).filter(Boolean) : undefined;
  const query = queryParameters(rawQueryString);
  const hasBody = request.body.length > 0;
  const text = isTextBody(headers['content-type']);
  const routeKey = `${route.method} ${route.path}`;
  const now = new Date();

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(hasBody ? { body: request.body.toString(text ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: hasBody && !text,
    requestContext: {
      accountId: 'offline',
      apiId: 'local',
      domainName: request.host,
      domainPrefix: request.host.split('.')[0] ?? request.host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(token ? { authorizer: { jwt: { claims: flattenClaims(token.claims), scopes: token.scopes.length > 0 ? token.scopes : null } } } : {}),
    },
  };
}
