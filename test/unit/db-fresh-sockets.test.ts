/**
 * A frozen Lambda environment, reproduced: the server runs in a worker thread
 * while the test's own thread is blocked (as a freeze blocks the handler), and
 * closes the idle keep-alive connection meanwhile. The first call after the
 * "thaw" is issued before the event loop can read that close, which is what
 * made a production call fail as ECONNRESET (a 500: the Data API client does
 * not retry). The plain keep-alive agent shows the failure is real; the
 * client's agents open a new connection instead.
 */
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataApiClient } from '../../lambdas/platform/db/index.js';
import { freshSocketAgents } from '../../lambdas/platform/db/fresh-socket-agent.js';

/**
 * Answers every request with the Data API's JSON and the client port it came from. It keeps idle connections (a
 * short keepAliveTimeout would make Node's client drop them on the server's Keep-Alive hint) and closes them when
 * told to, as the Data API's side closes them during a freeze.
 */
const SERVER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ numberOfRecordsUpdated: 0, generatedFields: [], clientPort: req.socket.remotePort }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (message) => {
  if (message === 'drop idle') server.closeIdleConnections();
  else server.close(() => process.exit(0));
});
`;

const FREEZE_MS = 300;
let worker: Worker;
let port: number;

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  port = await new Promise<number>((resolve) => worker.once('message', resolve));
});

afterAll(async () => {
  worker.postMessage('stop');
  await new Promise((resolve) => worker.once('exit', resolve));
});

/** Blocks this thread, as a freeze does, while the worker's server closes the idle connections. */
function freeze(ms: number): void {
  worker.postMessage('drop idle');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function post(agent: http.Agent): Promise<{ clientPort: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/Execute', agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body) as { clientPort: number }));
    });
    request.on('error', reject);
    request.end('{}');
  });
}

/** The socket goes back to the agent's free list a tick after the response ends. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('keep-alive sockets after a freeze', () => {
  it('a plain keep-alive agent reuses the dead connection and the call fails', async () => {
    const agent = new http.Agent({ keepAlive: true });
    await post(agent);
    await settle();
    freeze(FREEZE_MS);
    await expect(post(agent)).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
    agent.destroy();
  });

  it('the fresh-socket agent opens a new connection after an idle longer than its limit', async () => {
    const { httpAgent } = freshSocketAgents({ maxIdleMs: FREEZE_MS / 2 });
    const first = await post(httpAgent);
    await settle();
    freeze(FREEZE_MS);
    const second = await post(httpAgent);
    expect(second.clientPort).not.toBe(first.clientPort);
    httpAgent.destroy();
  });

  it('still reuses a connection idle for less than its limit', async () => {
    const { httpAgent } = freshSocketAgents({ maxIdleMs: 60_000 });
    const first = await post(httpAgent);
    await settle();
    const second = await post(httpAgent);
    expect(second.clientPort).toBe(first.clientPort);
    httpAgent.destroy();
  });

  it('the Data API client survives the freeze', async () => {
    const client = createDataApiClient(`http://127.0.0.1:${port}`, { socketMaxIdleMs: FREEZE_MS / 2 });
    const command = () => new ExecuteStatementCommand({ resourceArn: 'arn:aws:rds:us-east-1:0:cluster:x', secretArn: 'arn:aws:secretsmanager:us-east-1:0:secret:x', sql: 'SELECT 1' });
    await client.send(command());
    await settle();
    freeze(FREEZE_MS);
    await expect(client.send(command())).resolves.toMatchObject({ numberOfRecordsUpdated: 0 });
    client.destroy();
  });
});
