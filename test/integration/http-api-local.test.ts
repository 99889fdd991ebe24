/**
 * The local API Gateway over real HTTP: routing, the JWT authorizer's 401s,
 * the role checks of the Lambda chain, the payload-format-2.0 event it
 * builds, how it writes Lambda results back, and the docs it serves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { z } from 'zod';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import type { HttpApiEvent } from '../../lambdas/platform/http/event.js';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from '../../local/dev-auth.js';
import type { DevSigningKey } from '../../local/dev-auth.js';
import { MAX_PAYLOAD_BYTES, startLocalHttpApi } from '../../local/http-api/index.js';
import type { LambdaHandler, LocalHttpApi } from '../../local/http-api/index.js';
import type { GatewayRoute } from '../../lambdas/platform/route-table.js';
import { testGateway, testHandler, testRoutes } from '../unit/http-test-routes.js';

const echoRoute = {
  method: 'POST', path: '/v1/echo/{name}', auth: 'jwt', operationId: 'echo', summary: 'Echo the event',
  request: { params: z.object({ name: z.string() }) }, responses: { 200: { description: 'The event' } },
} satisfies RouteDefinition;
const bareRoute = {
  method: 'GET', path: '/v1/bare', auth: 'none', operationId: 'bare', summary: 'Result without statusCode',
  responses: { 200: { description: 'Object' } },
} satisfies RouteDefinition;
const brokenRoute = {
  method: 'GET', path: '/v1/broken', auth: 'none', operationId: 'broken', summary: 'Handler throws',
  responses: { 200: { description: 'Never' } },
} satisfies RouteDefinition;
const routes: readonly RouteDefinition[] = [...testRoutes, echoRoute, bareRoute, brokenRoute];
const gateway: readonly GatewayRoute[] = [
  ...testGateway,
  { ...echoRoute, domain: 'echo' },
  { ...bareRoute, domain: 'echo' },
  { ...brokenRoute, domain: 'broken' },
];

// A raw Lambda (no chain): shows exactly what the local API Gateway hands a handler.
const echoHandler: LambdaHandler = async (event: HttpApiEvent) => {
  if (event.routeKey === 'GET /v1/bare') return { hello: 'world' } as never;
  return { statusCode: 200, headers: { 'content-type': 'application/json', 'x-echo': 'yes' }, cookies: ['a=1; Path=/', 'b=2'], body: JSON.stringify(event) };
};

let api: LocalHttpApi;
let keyDir: string;
let key: DevSigningKey;
const loaded: string[] = [];

beforeAll(async () => {
  keyDir = await mkdtemp(path.join(tmpdir(), 'dev-auth-'));
  key = await loadDevSigningKey(path.join(keyDir, 'key.json'));
  api = await startLocalHttpApi({
    gateway,
    routes,
    jwt: { key: key.publicKey, kid: key.kid, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    cors: { allowOrigins: ['http://app.local:5173'] },
    loadHandler: async (domain) => {
      loaded.push(domain);
      if (domain === 'echo') return echoHandler;
      if (domain === 'broken') return async () => { throw new Error('boom'); };
      return testHandler(domain).handler;
    },
  });
});

afterAll(async () => {
  await api?.stop();
  await rm(keyDir, { recursive: true, force: true });
});

const token = (role: 'viewer' | 'marketer' | 'admin', sub?: string) => mintToken(role, sub, { key });
const call = (pathname: string, init: RequestInit = {}) => fetch(`${api.url}${pathname}`, init);
const auth = async (role: 'viewer' | 'marketer' | 'admin') => ({ authorization: `Bearer ${await token(role)}` });

describe('API Gateway answers', () => {
  it('404 {"message":"Not Found"} for a path under no domain mount, as API Gateway answers', async () => {
    for (const [method, pathname] of [['GET', '/v1/nothing'], ['PUT', '/v1/pingx'], ['GET', '/v2/widgets']] as const) {
      const res = await call(pathname, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
    }
  });

  it('under a mount, the domain answers: 401 without a token, then 405 (Allow) or 404 as problem+json', async () => {
    expect((await call('/v1/widgets', { method: 'PUT' })).status).toBe(401);
    const wrongMethod = await call('/v1/widgets', { method: 'PUT', headers: { authorization: `Bearer ${await token('viewer')}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(wrongMethod.headers.get('content-type')).toMatch(/problem\+json/);
    const unknown = await call('/v1/widgets/a/b/c', { headers: { authorization: `Bearer ${await token('viewer')}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/No route GET/);
  });

  it('a group whose name holds a comma or space grants no role (API Gateway flattens array claims)', async () => {
    for (const groups of [['x,admin'], ['viewer admin'], ['marketer viewer,admin']]) {
      const bearer = await mintToken('viewer', 'tricky', { key, groups });
      const res = await call('/v1/widgets', { method: 'POST', body: JSON.stringify({ name: 'n' }), headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });
      expect(res.status, groups.join('|')).toBe(403);
    }
    const both = await mintToken('viewer', 'two-groups', { key, groups: ['viewer', 'marketer'] });
    const res = await call('/v1/widgets', { method: 'POST', body: JSON.stringify({ name: 'n' }), headers: { authorization: `Bearer ${both}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
  });

  it('401 {"message":"Unauthorized"} on a JWT route without a valid token, before any Lambda runs', async () => {
    const before = loaded.length;
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE)
      .setSubject('x').setIssuedAt(now).setExpirationTime(now + 60).sign(otherKey);
    const bad = [
      undefined,
      'Bearer',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${forged}`,
      `Bearer ${await mintToken('admin', 'x', { key, expiresInSeconds: -60 })}`,
      `Bearer ${await mintToken('admin', 'x', { key, audience: 'someone-else' })}`,
      `Bearer ${await mintToken('admin', 'x', { key, issuer: 'https://evil.example' })}`,
    ];
    for (const authorization of bad) {
      const res = await call('/v1/widgets', { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
    }
    expect(loaded.length).toBe(before);
  });

  // "Control access to HTTP APIs with JWT authorizers in API Gateway": the identity source holds the token alone
  // or prefixed with `Bearer `; only RSA algorithms; `kid` must match the signing key; `exp` must be after now,
  // `nbf` and `iat` before now; any failure is a denial (401), never a 500.
  describe('JWT authorizer rules of "Control access to HTTP APIs with JWT authorizers in API Gateway"', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const signed = (claims: { exp?: number; iat?: number; nbf?: number }, header: { alg?: string; kid?: string | null } = {}) => {
      const jwt = new SignJWT({ 'cognito:groups': ['admin'], token_use: 'access' })
        .setProtectedHeader({ alg: header.alg ?? 'RS256', ...(header.kid === null ? {} : { kid: header.kid ?? key.kid }) })
        .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject('rules');
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
      return jwt.sign(key.privateKey);
    };
    const status = async (authorization: string) => {
      const res = await call('/v1/widgets', { headers: { authorization } });
      return { status: res.status, body: await res.json() };
    };
    const unauthorized = { status: 401, body: { message: 'Unauthorized' } };

    it('accepts the token with or without the Bearer prefix', async () => {
      const jwt = await token('viewer');
      expect((await status(`Bearer ${jwt}`)).status).toBe(200);
      expect((await status(jwt)).status).toBe(200);
      expect((await status(`bearer   ${jwt}  `)).status).toBe(200);
    });

    it('refuses a token without exp, with iat or nbf in the future, without kid or with an unknown kid', async () => {
      const cases = {
        'no exp': await signed({ iat: now() }),
        'iat in the future': await signed({ iat: now() + 600, exp: now() + 3600 }),
        'nbf in the future': await signed({ iat: now(), nbf: now() + 600, exp: now() + 3600 }),
        'no kid': await signed({ iat: now(), exp: now() + 3600 }, { kid: null }),
        'unknown kid': await signed({ iat: now(), exp: now() + 3600 }, { kid: 'someone-elses-key' }),
      };
      for (const [name, jwt] of Object.entries(cases)) expect(await status(`Bearer ${jwt}`), name).toEqual(unauthorized);
      expect((await status(`Bearer ${await signed({ iat: now(), exp: now() + 3600 })}`)).status).toBe(200);
    });

    it('answers 401, not 500, for RS384/RS512/HS256 headers with a garbage signature and for malformed tokens', async () => {
      const real = await token('admin');
      const [, payload] = real.split('.');
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      for (const alg of ['RS384', 'RS512', 'HS256', 'none']) {
        const forged = `${b64({ alg, kid: key.kid, typ: 'JWT' })}.${payload}.${Buffer.from('garbage').toString('base64url')}`;
        expect(await status(`Bearer ${forged}`), alg).toEqual(unauthorized);
      }
      for (const junk of ['a.b.c', '...', `${real}x`, 'Bearer a b']) expect(await status(junk), junk).toEqual(unauthorized);
    });
  });

  it('413 over the HTTP API payload limit', async () => {
    const res = await call('/v1/widgets', {
      method: 'POST',
      headers: { ...(await auth('marketer')), 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('500 {"message":"Internal Server Error"} when the handler itself fails', async () => {
    const res = await call('/v1/broken');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('through to the domain handlers', () => {
  it('serves a public route without a token', async () => {
    const res = await call('/v1/ping');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pong: true });
    expect(res.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('403 below the route role, 201/200 at or above it, with ETag on reads', async () => {
    const denied = await call('/v1/widgets', {
      method: 'POST', headers: { ...(await auth('viewer')), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }),
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toBe('application/problem+json');

    const createdRes = await call('/v1/widgets', {
      method: 'POST', headers: { ...(await auth('marketer')), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Banner' }),
    });
    expect(createdRes.status).toBe(201);
    const widget = (await createdRes.json()) as { id: string };

    const read = await call(`/v1/widgets/${widget.id}`, { headers: await auth('viewer') });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: widget.id, name: 'Banner' });
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    const notModified = await call(`/v1/widgets/${widget.id}`, { headers: { ...(await auth('viewer')), 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);

    const stale = await call(`/v1/widgets/${widget.id}`, {
      method: 'DELETE', headers: { ...(await auth('admin')), 'if-match': '"stale"' },
    });
    expect(stale.status).toBe(412);
    const gone = await call(`/v1/widgets/${widget.id}`, { method: 'DELETE', headers: { ...(await auth('admin')), 'if-match': etag! } });
    expect(gone.status).toBe(204);
  });

  it('422 problem with field paths for invalid query parameters', async () => {
    const res = await call('/v1/widgets?limit=0&colour=red', { headers: await auth('viewer') });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit']);
  });

  it('passes binary bodies base64-encoded and back', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]);
    const res = await call('/v1/widgets/0199a0a0-0000-7000-8000-00000000000a/image', {
      method: 'PUT', headers: { ...(await auth('marketer')), 'content-type': 'image/png' }, body: png,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: 8, signature: '89504e47' });
  });
});

describe('the payload-format-2.0 event', () => {
  it('has what API Gateway sends, claims flattened as API Gateway does', async () => {
    const jwt = await token('marketer', 'user-42');
    const res = await call('/v1/echo/caf%C3%A9%20menu?tag=a&tag=b&q=x%20y', {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json', 'X-Custom': 'Value', cookie: 'sid=1; theme=dark' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    const event = (await res.json()) as HttpApiEvent;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/echo/{name}',
      rawPath: '/v1/echo/caf%C3%A9%20menu',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      cookies: ['sid=1', 'theme=dark'],
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      pathParameters: { name: 'café menu' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /v1/echo/{name}',
        stage: '$default',
        http: { method: 'POST', path: '/v1/echo/caf%C3%A9%20menu', sourceIp: '127.0.0.1' },
        authorizer: { jwt: { scopes: ['aws.cognito.signin.user.admin'] } },
      },
    });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.authorization).toBe(`Bearer ${jwt}`);
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
    expect(claims['cognito:groups']).toBe('[marketer]');
    expect(claims.sub).toBe('user-42');
    expect(claims.iss).toBe(DEV_ISSUER);
    expect(typeof claims.exp).toBe('string');
    expect(event.requestContext.requestId).toBe(res.headers.get('apigw-requestid'));
  });

  it('writes a result without statusCode as 200 JSON, as API Gateway does', async () => {
    const res = await call('/v1/bare');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ hello: 'world' });
  });
});

describe('CORS', () => {
  it('answers preflights and marks responses for allowed origins only', async () => {
    const preflight = await call('/v1/widgets', {
      method: 'OPTIONS',
      headers: { origin: 'http://app.local:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.local:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const read = await call('/v1/ping', { headers: { origin: 'http://app.local:5173' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('http://app.local:5173');
    expect(read.headers.get('access-control-expose-headers')).toContain('etag');
    const other = await call('/v1/ping', { headers: { origin: 'http://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('docs', () => {
  it('serves the OpenAPI 3.1 document of the route table', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe(api.url);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/widgets', '/v1/widgets/{id}', '/v1/ping', '/v1/echo/{name}']));
  });

  it('serves Swagger UI from the installed package and nothing else', async () => {
    const page = await call('/docs/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const redirect = await call('/docs', { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const init = await (await call('/docs/swagger-initializer.js')).text();
    expect(init).toContain("url: '/openapi.json'");
    const bundle = await call('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await call('/docs/package.json')).status).toBe(404);
    expect((await call('/docs/..%2Fpackage.json')).status).toBe(404);
  });
});
