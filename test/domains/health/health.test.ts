/**
 * GET /v1/health end to end: real HTTP into the local API Gateway, the real
 * health handler module, the Data API executor over the local Data API
 * endpoint, and the migrated test database.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { checkHealth } from '../../../lambdas/health/service.js';
import { loadSchemaFiles } from '../../../lambdas/workers/migrator/index.js';
import { gatewayRoutes, routes } from '../../../lambdas/app.js';
import { DatabaseResumingError } from '../../../lambdas/platform/db/errors.js';
import { createDataApiClient, createDataApiExecutor, resetExecutorForTests } from '../../../lambdas/platform/db/index.js';
import { errorResponse } from '../../../lambdas/platform/http/error-mapping.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../../local/dev-auth.js';
import { startLocalHttpApi } from '../../../local/http-api/index.js';
import type { LocalHttpApi } from '../../../local/http-api/index.js';
import { TEST_RESOURCE_ARN, TEST_SECRET_ARN, startTestDataApi } from '../../support/data-api.js';
import type { TestDataApi } from '../../support/data-api.js';
import { createTestDatabase } from '../../support/db.js';
import type { TestDatabase } from '../../support/db.js';

let db: TestDatabase;
let dataApi: TestDataApi;
let api: LocalHttpApi;
const savedEnv = { ...process.env };

function pointExecutorAt(endpoint: string, database: string): void {
  Object.assign(process.env, {
    DB_CLUSTER_ARN: TEST_RESOURCE_ARN,
    DB_SECRET_ARN: TEST_SECRET_ARN,
    DB_NAME: database,
    DATA_API_ENDPOINT: endpoint,
  });
  resetExecutorForTests();
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataApi = await startTestDataApi(db);
  // Public route: the key is never used, but the server needs one for JWT routes.
  api = await startLocalHttpApi({ gateway: gatewayRoutes, routes, jwt: { key: new Uint8Array(32), issuer: DEV_ISSUER, audience: DEV_AUDIENCE } });
});

afterEach(() => resetExecutorForTests());

afterAll(async () => {
  process.env = savedEnv;
  await api?.stop();
  await dataApi?.stop();
  await db?.drop();
});

describe('GET /v1/health', () => {
  it('200 with every applied schema file when the database answers', async () => {
    pointExecutorAt(dataApi.endpoint, db.name);
    const res = await fetch(`${api.url}/v1/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { status: string; database: string; migrations: { file: string; applied_at: string }[] };
    expect(body.status).toBe('ok');
    expect(body.database).toBe('reachable');
    const files = (await loadSchemaFiles(path.resolve('schema'))).map((f) => f.name);
    // Health lists the ledger by name; the apply order is numeric once a 100_ file exists.
    expect(body.migrations.map((m) => m.file).sort()).toEqual([...files].sort());
    for (const m of body.migrations) expect(m.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('reflects the ledger it reads, not a fixed list', async () => {
    pointExecutorAt(dataApi.endpoint, db.name);
    const { rows } = await db.pool.query<{ file: string }>(`DELETE FROM public.schema_migrations WHERE file = (SELECT max(file) FROM public.schema_migrations) RETURNING file`);
    const body = (await (await fetch(`${api.url}/v1/health`)).json()) as { migrations: { file: string }[] };
    const files = (await loadSchemaFiles(path.resolve('schema'))).map((f) => f.name);
    expect(body.migrations.map((m) => m.file).sort()).toEqual(files.filter((f) => f !== rows[0]!.file).sort());
  });

  it('503 problem, without internals, when the database cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    pointExecutorAt(`http://127.0.0.1:${port}`, db.name);

    const res = await fetch(`${api.url}/v1/health`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 503, detail: 'The database is unreachable.' });
    expect(text).not.toContain(String(port));
    expect(text).not.toMatch(/ECONNREFUSED/);
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
        client, resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, database: db.name,
        retry: { maxAttempts: 2, baseDelayMs: 1, retryAfterSeconds: 12 },
      });
      const failure = await checkHealth(executor).catch((error: unknown) => error);
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
