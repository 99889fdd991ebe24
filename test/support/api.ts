/**
 * The API as a client sees it, over a fresh migrated database: the real route
 * table and handlers behind the local HTTP API, the Data API executor over the
 * local Data API endpoint (with a call counter), optionally local S3, and a
 * token per role. One per test file. Every response is checked against the
 * OpenAPI document (response-contract.ts) and for the secrets tests sent (secret-scan.ts).
 */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { S3Event } from 'aws-lambda';
import { gatewayRoutes, routes } from '../../lambdas/app.js';
import type { Role } from '../../lambdas/platform/auth/index.js';
import { resetExecutorForTests } from '../../lambdas/platform/db/index.js';
import { resetS3ClientForTests } from '../../lambdas/platform/s3.js';
import { startLocalDataApi } from '../../local/data-api/index.js';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from '../../local/dev-auth.js';
import { startLocalHttpApi } from '../../local/http-api/index.js';
import { startLocalS3, type LocalS3 } from '../../local/s3.js';
import { TEST_RESOURCE_ARN, TEST_SECRET_ARN } from './data-api.js';
import { createTestDatabase, databaseUrl, type TestDatabase } from './db.js';
import { assertHonoursContract } from './response-contract.js';
import { assertResponseClean, registerSecretsIn, registerSecretsInQuery } from './secret-scan.js';
import { worldTraversableTempDir } from './temp-dir.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

export const TEST_BUCKET = 'test-content-library';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON (problem+json too), else text. */
  body: T;
}

export interface RequestOptions {
  /** Whose token to send; `null` sends none. Default `admin`. */
  as?: Role | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestApi {
  db: TestDatabase;
  url: string;
  tokens: Record<Role, string>;
  s3: LocalS3 | undefined;
  /** Data API calls made so far (Execute, BeginTransaction, ...), in order. */
  dataApiCalls: string[];
  request<T = unknown>(method: string, pathAndQuery: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** Start local S3 with the asset-ingest handler on its ObjectCreated events. */
  s3?: boolean;
  /** Browser origins the API and local S3 allow (CORS), as `npm start` configures them. */
  corsOrigins?: readonly string[];
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const dataApiCalls: string[] = [];
  const dataApi = await startLocalDataApi({ connectionStringFor: databaseUrl, onCall: (op) => dataApiCalls.push(op) });
  const scratch = await worldTraversableTempDir('mkt-api-');
  let s3: LocalS3 | undefined;
  if (options.s3) {
    s3 = await startLocalS3({
      directory: path.join(scratch, 's3'),
      bucket: TEST_BUCKET,
      ...(options.corsOrigins ? { allowedOrigins: options.corsOrigins } : {}),
      onObjectCreated: async (event: S3Event) => {
        const { handler } = (await import('../../lambdas/workers/asset-ingest/handler.js')) as {
          handler: (e: S3Event) => Promise<unknown>;
        };
        await handler(event);
      },
    });
  }
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    DB_CLUSTER_ARN: TEST_RESOURCE_ARN,
    DB_SECRET_ARN: TEST_SECRET_ARN,
    DB_NAME: db.name,
    DATA_API_ENDPOINT: dataApi.endpoint,
    CONTENT_BUCKET: TEST_BUCKET,
    ...(s3 ? { S3_ENDPOINT: s3.endpoint } : {}),
  });
  resetExecutorForTests();
  resetS3ClientForTests();
  const key = await loadDevSigningKey(path.join(scratch, 'dev-key.json'));
  const http = await startLocalHttpApi({ gateway: gatewayRoutes, routes, jwt: { key: key.publicKey, kid: key.kid, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    ...(options.corsOrigins ? { cors: { allowOrigins: options.corsOrigins } } : {}),
  });
  const tokens = {
    admin: await mintToken('admin', 'test-admin', { key }),
    marketer: await mintToken('marketer', 'test-marketer', { key }),
    viewer: await mintToken('viewer', 'test-viewer', { key }),
  };

  async function request<T>(method: string, pathAndQuery: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const role = opts.as === undefined ? 'admin' : opts.as;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (role) headers.authorization = `Bearer ${tokens[role]}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    // Whatever secret this request carries, no response (this one or a later one) may contain it.
    registerSecretsIn(opts.body);
    registerSecretsInQuery(pathAndQuery);
    const response = await fetch(`${http.url}${pathAndQuery}`, { method, headers, body });
    const text = await response.text();
    assertResponseClean(text, `${method} ${pathAndQuery.split('?')[0]}`);
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const parsed = isJson && text ? (JSON.parse(text) as unknown) : text;
    // Every response of every test honours the OpenAPI document, or the test fails here.
    assertHonoursContract({ method, url: pathAndQuery, status: response.status, contentType: response.headers.get('content-type'), etag: response.headers.get('etag'), body: parsed });
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  return {
    db,
    url: http.url,
    tokens,
    s3,
    dataApiCalls,
    request,
    async stop() {
      await http.stop();
      await s3?.stop();
      await dataApi.stop();
      resetExecutorForTests();
      resetS3ClientForTests();
      await db.drop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
