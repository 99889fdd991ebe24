/**
 * The SDK must not replay a Data API call: a 5xx, timeout or reset may come
 * after the statement ran (an INSERT twice, a call inside a transaction
 * replayed). Only DatabaseResumingException is retried, by retry.ts, because
 * then the statement never ran. A stub endpoint answers 500 and counts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiClient, createDataApiExecutor, DatabaseError } from '../../lambdas/platform/db/index.js';

let server: Server;
let endpoint = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerErrorException' });
      res.end(JSON.stringify({ message: 'Internal error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the Data API client', () => {
  it('sends a failing ExecuteStatement exactly once', async () => {
    const client = createDataApiClient(endpoint);
    const executor = createDataApiExecutor({ client, resourceArn: 'arn:c', secretArn: 'arn:s', database: 'db' });
    requests = 0;
    const error = await executor.query(`INSERT INTO t (a) VALUES (1)`).then(
      () => undefined,
      (e: unknown) => e,
    );
    client.destroy();
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).exceptionName).toBe('InternalServerErrorException');
    expect(requests).toBe(1);
  });
});
