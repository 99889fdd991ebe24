/**
 * A stopped, restarting or starting PostgreSQL is a database that is briefly
 * unavailable, as an Aurora writer during a restart or failover: the local
 * Data API answers `DatabaseUnavailableException` ("The writer instance in the
 * DB cluster isn't available", botocore rds-data 2018-08-01) for calls it could
 * not connect for, the executor retries those a bounded while (the statement
 * never ran), and the API answers 503 problem+json with Retry-After, as for a
 * resuming cluster (issue 12 item 12). `npm start` says loudly when its
 * PostgreSQL exits.
 */
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { gatewayRoutes, routes } from '../../lambdas/app.js';
import { DatabaseUnavailableError, createDataApiClient, createDataApiExecutor, resetExecutorForTests } from '../../lambdas/platform/db/index.js';
import { errorResponse } from '../../lambdas/platform/http/error-mapping.js';
import { startLocalDataApi, type LocalDataApi } from '../../local/data-api/index.js';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from '../../local/dev-auth.js';
import { startLocalHttpApi, type LocalHttpApi } from '../../local/http-api/index.js';
import { freePort, startEmbeddedPostgres, type RunningPostgres } from '../../local/postgres.js';
import { TEST_RESOURCE_ARN, TEST_SECRET_ARN } from '../support/data-api.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

const savedEnv = { ...process.env };
let dir: string;
let port: number;
let postgres: RunningPostgres | undefined;
let dataApi: LocalDataApi;
let http: LocalHttpApi;
let viewerToken: string;
const exits: string[] = [];
const calls: string[] = [];
const client = () => createDataApiClient(dataApi.endpoint);

function start(): Promise<RunningPostgres> {
  return startEmbeddedPostgres({
    dataDir: path.join(dir, 'pgdata'),
    port,
    persistent: true,
    fast: true,
    onUnexpectedExit: (message) => exits.push(message),
  });
}

function executorFor(c: ReturnType<typeof client>) {
  return createDataApiExecutor({
    client: c, resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, database: 'postgres',
    retry: { baseDelayMs: 20, unavailableMaxElapsedMs: 400, unavailableRetryAfterSeconds: 7 },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => new Error('expected a failure'), (e: unknown) => e);
}

beforeAll(async () => {
  dir = await worldTraversableTempDir('mkt-unavailable-');
  port = await freePort();
  postgres = await start();
  const running = postgres;
  dataApi = await startLocalDataApi({ connectionStringFor: (db) => running.appUrl(db), defaultDatabase: 'postgres', onCall: (op) => calls.push(op) });
  const key = await loadDevSigningKey(path.join(dir, 'dev-key.json'));
  viewerToken = await mintToken('viewer', 'test-viewer', { key });
  http = await startLocalHttpApi({ gateway: gatewayRoutes, routes, jwt: { key: key.publicKey, kid: key.kid, issuer: DEV_ISSUER, audience: DEV_AUDIENCE } });
  Object.assign(process.env, {
    DB_CLUSTER_ARN: TEST_RESOURCE_ARN, DB_SECRET_ARN: TEST_SECRET_ARN, DB_NAME: 'postgres', DATA_API_ENDPOINT: dataApi.endpoint,
  });
  resetExecutorForTests();
});

afterAll(async () => {
  process.env = savedEnv;
  resetExecutorForTests();
  await http?.stop();
  await dataApi?.stop();
  await postgres?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('PostgreSQL going away', () => {
  it('reports a statement cut off by a shutting-down server (57P01) as unavailable: 503 with Retry-After', async () => {
    const c = client();
    const error = await failureOf(executorFor(c).query('SELECT pg_terminate_backend(pg_backend_pid())'));
    c.destroy();
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ sqlState: '57P01' });
    const response = errorResponse(error);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
  });

  it('says so when the server exits, then answers DatabaseUnavailableException, retried a bounded while', async () => {
    process.kill(postgres?.pid ?? 0, 'SIGINT'); // a fast shutdown, as `pg_ctl stop` or a restart does
    for (let i = 0; i < 100 && exits.length === 0; i++) await sleep(50);
    expect(exits).toEqual([expect.stringMatching(/^PostgreSQL \(pid \d+, port \d+, .*\) exited unexpectedly/)]);

    const c = client();
    const raw = await failureOf(c.send(new ExecuteStatementCommand({ resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, sql: 'SELECT 1' })));
    expect(raw).toMatchObject({ name: 'DatabaseUnavailableException', $metadata: { httpStatusCode: 504 } });

    calls.length = 0;
    const started = Date.now();
    const error = await failureOf(executorFor(c).query('SELECT 1'));
    c.destroy();
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(calls.length).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errorResponse(error).headers?.['retry-after']).toBe('7');
  });

  it('GET /v1/health/ready answers 503 problem+json with Retry-After while the server is down (liveness stays 200)', async () => {
    expect((await fetch(`${http.url}/v1/health`)).status).toBe(200);
    const res = await fetch(`${http.url}/v1/health/ready`, { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ status: 503 });
  });

  it('serves again once the server is back, on the same pool', async () => {
    postgres = await start();
    const c = client();
    await expect(executorFor(c).query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    c.destroy();
  });
});

describe('PostgreSQL still starting (57P03)', () => {
  let fake: Server;
  let fakeApi: LocalDataApi;

  beforeAll(async () => {
    // A server that refuses every session as a starting PostgreSQL does: FATAL 57P03 to the startup message.
    fake = createServer((socket) => {
      socket.once('data', () => {
        const fields = Buffer.from('SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0');
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(fields.length + 4, 1);
        socket.end(Buffer.concat([header, fields]));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const fakePort = (fake.address() as { port: number }).port;
    fakeApi = await startLocalDataApi({ connectionStringFor: (db) => `postgres://x:y@127.0.0.1:${fakePort}/${db}` });
  });

  afterAll(async () => {
    await fakeApi?.stop();
    await new Promise((resolve) => fake?.close(resolve));
  });

  it('answers DatabaseUnavailableException, not a 500', async () => {
    const c = createDataApiClient(fakeApi.endpoint);
    const error = await failureOf(c.send(new ExecuteStatementCommand({ resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, sql: 'SELECT 1' })));
    c.destroy();
    expect(error).toMatchObject({ name: 'DatabaseUnavailableException', message: "The writer instance in the DB cluster isn't available." });
  });
});
