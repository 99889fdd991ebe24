/**
 * Health end to end: liveness (`GET /v1/health`, public) answers without any
 * database call and says nothing but "ok"; readiness (`GET /v1/health/ready`,
 * bearer token) reads the migration ledger through the Data API.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../../../lambdas/health/service.js';
import { loadSchemaFiles } from '../../../lambdas/workers/migrator/index.js';
import { DatabaseResumingError } from '../../../lambdas/platform/db/errors.js';
import { createDataApiClient, createDataApiExecutor } from '../../../lambdas/platform/db/index.js';
import { errorResponse } from '../../../lambdas/platform/http/error-mapping.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { TEST_RESOURCE_ARN, TEST_SECRET_ARN } from '../../support/data-api.js';
import type { Problem } from '../../support/types.js';

type Report = { status: string; database: string; migrations: { file: string; applied_at: string }[] };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** An endpoint where nothing listens (a port that was just free). */
async function deadEndpoint(): Promise<{ url: string; port: number }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return { url: `http://127.0.0.1:${port}`, port };
}

describe('GET /v1/health (liveness)', () => {
  it('answers {"status":"ok"} to anyone without a Data API call, and reveals no migrations or deploy times', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<Record<string, unknown>>('GET', '/v1/health', { as: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({ status: 'ok' });
    expect(api.dataApiCalls).toEqual([]);
  });

  it('still answers when the database is unreachable: liveness is about the function', async () => {
    const saved = process.env.DATA_API_ENDPOINT;
    const { resetExecutorForTests } = await import('../../../lambdas/platform/db/index.js');
    process.env.DATA_API_ENDPOINT = (await deadEndpoint()).url;
    resetExecutorForTests();
    try {
      expect((await api.request('GET', '/v1/health', { as: null })).status).toBe(200);
      expect((await api.request('GET', '/v1/health/ready', { as: 'viewer' })).status).toBe(503);
    } finally {
      process.env.DATA_API_ENDPOINT = saved;
      resetExecutorForTests();
    }
  });
});

describe('GET /v1/health/ready (readiness)', () => {
  it('needs a bearer token: an anonymous call is a 401 that wakes nothing', async () => {
    api.dataApiCalls.length = 0;
    const anonymous = await api.request<Problem>('GET', '/v1/health/ready', { as: null });
    expect(anonymous.status).toBe(401);
    expect(api.dataApiCalls).toEqual([]);
  });

  it('200 with every applied schema file, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<Report>('GET', '/v1/health/ready', { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ status: 'ok', database: 'reachable' });
    const files = (await loadSchemaFiles(path.resolve('schema'))).map((f) => f.name);
    expect(response.body.migrations.map((m) => m.file)).toEqual(files);
    for (const m of response.body.migrations) expect(m.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('reflects the ledger it reads, not a fixed list', async () => {
    const files = (await loadSchemaFiles(path.resolve('schema'))).map((f) => f.name);
    await api.db.pool.query(`DELETE FROM public.schema_migrations WHERE file = $1`, [files.at(-1)]);
    const body = (await api.request<Report>('GET', '/v1/health/ready', { as: 'viewer' })).body;
    expect(body.migrations.map((m) => m.file)).toEqual(files.slice(0, -1));
  });

  it('503 problem, without internals, when the database cannot be reached', async () => {
    const { url, port } = await deadEndpoint();
    const client = createDataApiClient(url);
    const executor = createDataApiExecutor({ client, resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, database: api.db.name, retry: { maxAttempts: 1, baseDelayMs: 1 } });
    const failure = await checkReadiness(executor).catch((error: unknown) => error);
    client.destroy();
    const response = errorResponse(failure);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(String(response.body))).toMatchObject({ status: 503, detail: 'The database is unreachable.' });
    expect(String(response.body)).not.toContain(String(port));
    expect(String(response.body)).not.toMatch(/ECONNREFUSED/);
  });

  it('keeps Retry-After when the cluster is still resuming', async () => {
    // Fault injection: an endpoint answering every call as a resuming Aurora cluster does.
    const resuming = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'DatabaseResumingException' });
      res.end(JSON.stringify({ message: 'The Aurora DB instance db-1 is resuming after being auto-paused.' }));
    });
    await new Promise<void>((resolve) => resuming.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = resuming.address() as AddressInfo;
      const client = createDataApiClient(`http://127.0.0.1:${port}`);
      const executor = createDataApiExecutor({
        client, resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, database: api.db.name,
        retry: { maxAttempts: 2, baseDelayMs: 1, retryAfterSeconds: 12 },
      });
      const failure = await checkReadiness(executor).catch((error: unknown) => error);
      client.destroy();
      expect(failure).toBeInstanceOf(DatabaseResumingError);
      const response = errorResponse(failure);
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toBe('12');
    } finally {
      await new Promise((resolve) => resuming.close(resolve));
    }
  });
});
