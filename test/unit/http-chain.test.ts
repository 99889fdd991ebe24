import { describe, expect, it, vi } from 'vitest';

// Metrics would print an EMF blob per invocation; these tests assert on responses.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { MAX_BODY_BYTES } from '../../lambdas/platform/http/body.js';
import { claimsFor, httpEvent, lambdaContext, parseResponse } from './http-fixtures.js';
import type { EventOptions, ParsedResponse } from './http-fixtures.js';
import { testHandler } from './http-test-routes.js';

const MARKETER = claimsFor('[marketer]');
const ADMIN = claimsFor('[admin marketer]');
const VIEWER = claimsFor('[viewer]');

function client() {
  const { handler, store } = testHandler('widgets');
  return {
    store: store!,
    async call(method: string, routePath: string, options: EventOptions = {}): Promise<ParsedResponse> {
      return parseResponse(await handler(httpEvent(method, routePath, options), lambdaContext()));
    },
  };
}

async function createOne(api: ReturnType<typeof client>, name = 'Poster'): Promise<{ id: string }> {
  const res = await api.call('POST', '/v1/widgets', { claims: MARKETER, body: { name } });
  expect(res.statusCode).toBe(201);
  return res.body as { id: string };
}

function expectProblem(res: ParsedResponse, status: number): Record<string, unknown> {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const body = res.body as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:marketing-ops:problem:/) });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('success path', () => {
  it('creates with defaults applied and Location, then reads it back with an ETag', async () => {
    const api = client();
    const res = await api.call('POST', '/v1/widgets', { claims: MARKETER, body: { name: 'Poster', tags: ['summer'] } });
    expect(res.statusCode).toBe(201);
    const widget = res.body as { id: string };
    expect(widget).toMatchObject({ name: 'Poster', tags: ['summer'], size: 'm' });
    expect(res.headers.location).toBe(`/v1/widgets/${widget.id}`);
    expect(res.headers.etag).toBeUndefined();

    const read = await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id: widget.id } });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('application/json');
    expect(read.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(read.body).toEqual(widget);
  });

  it('coerces query strings through the schema', async () => {
    const api = client();
    await createOne(api, 'a');
    await createOne(api, 'b');
    const res = await api.call('GET', '/v1/widgets', { claims: VIEWER, query: { limit: '1' } });
    expect(res.statusCode).toBe(200);
    expect((res.body as { data: unknown[] }).data).toHaveLength(1);
  });

  it('answers 304 to If-None-Match with the current ETag and 200 after a change', async () => {
    const api = client();
    const { id } = await createOne(api);
    const first = await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id } });
    const etag = first.headers.etag!;
    const again = await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id }, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawBody).toBeUndefined();
    expect(again.headers.etag).toBe(etag);

    await api.call('PATCH', '/v1/widgets/{id}', { claims: MARKETER, params: { id }, body: { name: 'Renamed' } });
    const changed = await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id }, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('passes a binary body through as bytes for a non-JSON route', async () => {
    const api = client();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]);
    const id = '0199a0a0-0000-7000-8000-00000000000a';
    const res = await api.call('PUT', '/v1/widgets/{id}/image', {
      claims: MARKETER, params: { id }, body: png, headers: { 'content-type': 'image/png' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ bytes: 9, signature: '89504e47' });
  });
});

describe('422 validation', () => {
  it('reports every invalid field with its path, changing nothing', async () => {
    const api = client();
    const res = await api.call('POST', '/v1/widgets', {
      claims: MARKETER,
      body: { name: '', tags: ['ok', ''], size: 'xl', colour: 'red', dimensions: { width: -1, height: 2, depth: 3 } },
    });
    const problem = expectProblem(res, 422);
    const errors = problem.errors as { path: string; message: string }[];
    const paths = errors.map((e) => e.path).sort();
    expect(paths).toEqual([
      'body.colour',
      'body.dimensions.depth',
      'body.dimensions.width',
      'body.name',
      'body.size',
      'body.tags[1]',
    ]);
    expect(errors.find((e) => e.path === 'body.colour')?.message).toBe('Unknown field');
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
    expect(api.store.size).toBe(0);
  });

  it('rejects a missing body, bad path parameters and unknown query parameters', async () => {
    const api = client();
    const noBody = expectProblem(await api.call('POST', '/v1/widgets', { claims: MARKETER }), 422);
    expect(noBody.errors).toEqual([{ path: 'body', message: expect.any(String) }]);

    const badId = expectProblem(await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id: 'nope' } }), 422);
    expect(badId.errors).toEqual([{ path: 'params.id', message: expect.any(String) }]);

    const badQuery = expectProblem(
      await api.call('GET', '/v1/widgets', { claims: VIEWER, query: { limit: '500', colour: 'red' } }),
      422,
    );
    expect((badQuery.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit']);
  });
});

describe('unreadable or unacceptable bodies', () => {
  it('400 for JSON that does not parse', async () => {
    const api = client();
    const res = await api.call('POST', '/v1/widgets', {
      claims: MARKETER, body: '{"name": "x",', headers: { 'content-type': 'application/json' },
    });
    const problem = expectProblem(res, 400);
    expect(problem.detail).toMatch(/not valid JSON/);
  });

  it('413 over the documented limit, before parsing', async () => {
    const api = client();
    const big = JSON.stringify({ name: 'x', pad: 'a'.repeat(MAX_BODY_BYTES) });
    const res = await api.call('POST', '/v1/widgets', { claims: MARKETER, body: big, headers: { 'content-type': 'application/json' } });
    const problem = expectProblem(res, 413);
    expect(problem.detail).toContain(String(MAX_BODY_BYTES));
  });

  it('415 for another media type or none, naming the expected one', async () => {
    const api = client();
    const text = await api.call('POST', '/v1/widgets', { claims: MARKETER, body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(expectProblem(text, 415).detail).toMatch(/application\/json/);
    expect(text.headers['accept-post']).toBe('application/json');
    const none = await api.call('POST', '/v1/widgets', { claims: MARKETER, body: '{"name":"x"}' });
    expectProblem(none, 415);
    const json = await api.call('POST', '/v1/widgets', {
      claims: MARKETER, body: '{"name":"x"}', headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(json.statusCode).toBe(201);
  });
});

describe('roles', () => {
  it('403 when the caller role is below the route role, 2xx at or above it', async () => {
    const api = client();
    const viewerWrite = await api.call('POST', '/v1/widgets', { claims: VIEWER, body: { name: 'x' } });
    expect(expectProblem(viewerWrite, 403).detail).toMatch(/marketer/);
    expect(api.store.size).toBe(0);

    const { id } = await createOne(api);
    const marketerDelete = await api.call('DELETE', '/v1/widgets/{id}', { claims: MARKETER, params: { id } });
    expectProblem(marketerDelete, 403);
    const adminDelete = await api.call('DELETE', '/v1/widgets/{id}', { claims: ADMIN, params: { id } });
    expect(adminDelete.statusCode).toBe(204);
    expect(adminDelete.rawBody).toBeUndefined();
  });

  it('reads the groups claim as a bracketed string or an array; no known group is 403', async () => {
    const api = client();
    const asArray = await api.call('POST', '/v1/widgets', { claims: { sub: 'u', 'cognito:groups': ['viewer', 'marketer'] }, body: { name: 'x' } });
    expect(asArray.statusCode).toBe(201);
    const unknownGroup = await api.call('GET', '/v1/widgets', { claims: claimsFor('[partners]') });
    expectProblem(unknownGroup, 403);
    const noGroups = await api.call('GET', '/v1/widgets', { claims: { sub: 'u' } });
    expectProblem(noGroups, 403);
  });

  it('401 on a JWT route that reaches the handler without authorizer claims', async () => {
    const api = client();
    const res = await api.call('GET', '/v1/widgets', {});
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('If-Match', () => {
  it('412 for a stale ETag, success for the current one or none', async () => {
    const api = client();
    const { id } = await createOne(api);
    const read = await api.call('GET', '/v1/widgets/{id}', { claims: VIEWER, params: { id } });
    const etag = read.headers.etag!;

    const stale = await api.call('PATCH', '/v1/widgets/{id}', {
      claims: MARKETER, params: { id }, body: { name: 'B' }, headers: { 'if-match': '"not-the-current-one"' },
    });
    expectProblem(stale, 412);
    expect(api.store.get(id)?.name).toBe('Poster');

    const weak = await api.call('PATCH', '/v1/widgets/{id}', {
      claims: MARKETER, params: { id }, body: { name: 'B' }, headers: { 'if-match': `W/${etag}` },
    });
    expectProblem(weak, 412);

    const fresh = await api.call('PATCH', '/v1/widgets/{id}', {
      claims: MARKETER, params: { id }, body: { name: 'B' }, headers: { 'if-match': `"x", ${etag}` },
    });
    expect(fresh.statusCode).toBe(200);
    expect(api.store.get(id)?.name).toBe('B');

    const replay = await api.call('DELETE', '/v1/widgets/{id}', { claims: ADMIN, params: { id }, headers: { 'if-match': etag } });
    expectProblem(replay, 412);
    expect(api.store.has(id)).toBe(true);
  });
});

describe('error mapping', () => {
  const id = '0199a0a0-0000-7000-8000-0000000000ff';
  const fail = (kind: string) => client().call('POST', '/v1/widgets/{id}/failures', { claims: MARKETER, params: { id }, body: { kind } });

  it('404 for NotFoundError with the request path as instance', async () => {
    const problem = expectProblem(await fail('not-found'), 404);
    expect(problem.instance).toBe(`/v1/widgets/${id}/failures`);
    expect(typeof problem.requestId).toBe('string');
  });

  it('409 for a unique violation, naming the field and constraint but not the value', async () => {
    const res = await fail('unique');
    const problem = expectProblem(res, 409);
    expect(problem.detail).toContain('widgets_name_key');
    expect(problem.detail).toContain('same name already exists');
    // The request sent only `kind`: a 409 names no field the client did not send (request-fields.ts).
    expect(problem.errors).toBeUndefined();
    expect(res.rawBody).not.toContain('Top Secret Name');
  });

  it('409 for both kinds of foreign key violation', async () => {
    const missing = expectProblem(await fail('fk-missing'), 409);
    expect(missing.detail).toMatch(/owner_id refers to a record that does not exist/);
    expect(missing.errors).toBeUndefined();
    const referenced = expectProblem(await fail('fk-referenced'), 409);
    expect(referenced.detail).toMatch(/still referenced.*parts_widget_id_fkey/);
  });

  it('422 for check and not-null violations, with the column when PostgreSQL names it', async () => {
    expect(expectProblem(await fail('check'), 422).errors).toEqual([{ path: 'body.size', message: 'Violates widgets_size_check' }]);
    expect(expectProblem(await fail('not-null'), 422).errors).toEqual([{ path: 'body.name', message: 'Required' }]);
  });

  it('503 with Retry-After while the database resumes; 503 without internals on a statement timeout', async () => {
    const resuming = await fail('resuming');
    expectProblem(resuming, 503);
    expect(resuming.headers['retry-after']).toBe('15');
    const timeout = await fail('timeout');
    expectProblem(timeout, 503);
    expect(timeout.rawBody).not.toContain('10.0.3.7');
  });

  it('500 with a generic body for anything unexpected', async () => {
    const res = await fail('internal');
    const problem = expectProblem(res, 500);
    expect(problem.detail).toMatch(/unexpected error/);
    for (const secret of ['ECONNREFUSED', '10.0.3.7', 'hunter2', 'admin']) expect(res.rawBody).not.toContain(secret);
  });
});

describe('domain wiring', () => {
  it('405 with Allow for a known path with another method', async () => {
    const { handler } = testHandler('widgets');
    const res = parseResponse(await handler(httpEvent('PUT', '/v1/widgets', { claims: VIEWER }), lambdaContext()));
    const problem = expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, POST');
    expect(problem.detail).toMatch(/PUT is not allowed/);
  });

  it('serves a public route without claims', async () => {
    const { handler } = testHandler('pings');
    const res = parseResponse(await handler(httpEvent('GET', '/v1/ping'), lambdaContext()));
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ pong: true });
  });

  it('404 problem for a path of another domain', async () => {
    const { handler } = testHandler('pings');
    const res = parseResponse(await handler(httpEvent('GET', '/v1/widgets', { claims: VIEWER }), lambdaContext()));
    expectProblem(res, 404);
  });
});
