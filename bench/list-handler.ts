/**
 * The CPU a 50-row list costs in the handler, beside the database: the real
 * content domain handler (createDomainHandler + the real list implementation)
 * with the Data API stubbed by aws-sdk-client-mock, answering a recorded
 * 50-row ExecuteStatement response, vs JSON.stringify of the same 50 rows
 * (the least any handler must do with them).
 *
 * The response is recorded once from the local Data API over real rows, for
 * exactly the statement the handler sends (captured from the handler itself).
 */
import { ExecuteStatementCommand, RDSDataClient, type ExecuteStatementCommandInput, type ExecuteStatementCommandOutput } from '@aws-sdk/client-rds-data';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type pg from 'pg';
import type { HttpApiEvent } from '../lambdas/platform/http/event.js';
import type { BenchCase } from './harness.js';

export const LIST_ROWS = 50;

/** Rows shaped like real content summaries: arrays, numbers, NULLs, text with characters JSON escapes. */
export async function insertContentRows(pool: pg.Pool, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO marketing.content (title, content_type, excerpt, meta_title, meta_description, keywords, status, author,
                                    ai_generated, ai_model, tone, target_audience, word_count, reading_time_min, performance_score, tags, created_by)
     SELECT 'Villa "Azul" — sea view ' || g, (ARRAY['blog','social','email','landing'])[1 + g % 4],
            'A short excerpt for piece ' || g || E' with a line\\nbreak', 'Meta title ' || g, 'Meta description of piece ' || g,
            ARRAY['villa','sea view','piece ' || g], (ARRAY['draft','review','published'])[1 + g % 3], 'Author ' || (g % 7),
            g % 2 = 0, CASE WHEN g % 2 = 0 THEN 'model-x' END, 'friendly', 'families', 400 + g, 2 + g % 5, (g % 100) + 0.25,
            ARRAY['summer','beach, sea'], 'user-' || (g % 5)
     FROM generate_series(1, $1::int) g`,
    [count],
  );
}

function listEvent(): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: 'GET /v1/content',
    rawPath: '/v1/content',
    rawQueryString: `limit=${LIST_ROWS}`,
    headers: { host: 'api.example.test', accept: 'application/json' },
    queryStringParameters: { limit: String(LIST_ROWS) },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/v1/content', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'bench' },
      requestId: 'bench-request',
      routeKey: 'GET /v1/content',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
      authorizer: { jwt: { claims: { sub: 'bench-user', 'cognito:groups': '[viewer]' }, scopes: [] } },
    },
  } as unknown as HttpApiEvent;
}

const CONTEXT = { functionName: 'content', awsRequestId: 'bench', getRemainingTimeInMillis: () => 29_000 } as unknown as Context;

/**
 * Builds the case. `dataApiEndpoint`/`database`: the local Data API over a
 * database holding at least 51 content rows (the recording). Sets the
 * environment the handler reads, so it must run before anything imports the
 * handler's modules.
 */
export async function listHandlerCase(dataApiEndpoint: string, database: string, rounds: number): Promise<BenchCase & { statement: ExecuteStatementCommandInput; recorded: ExecuteStatementCommandOutput; restore(): void }> {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    DB_NAME: database,
    // Lambda logs one access line per request; a bench measures the list path, not stdout.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  delete process.env.DATA_API_ENDPOINT;
  const { handler } = await import('../lambdas/content/handler.js');
  const { createDataApiClient } = await import('../lambdas/platform/db/index.js');

  // 1. The statement the handler sends.
  let sent: ExecuteStatementCommandInput | undefined;
  const capture = mockClient(RDSDataClient);
  capture.on(ExecuteStatementCommand).callsFake((input: ExecuteStatementCommandInput) => {
    sent = input;
    return { records: [], columnMetadata: [] };
  });
  await handler(listEvent(), CONTEXT);
  capture.restore();
  if (!sent) throw new Error('The list handler sent no ExecuteStatement');

  // 2. Its real response from the local Data API.
  const real = createDataApiClient(dataApiEndpoint);
  const recorded: ExecuteStatementCommandOutput = await real.send(new ExecuteStatementCommand(sent));
  real.destroy();
  if ((recorded.records?.length ?? 0) !== LIST_ROWS + 1) throw new Error(`Recorded ${recorded.records?.length} rows, expected ${LIST_ROWS + 1}`);

  // 3. The handler answering from the recording; the same rows as the API returns them for the baseline.
  //    A bare `send` stub, not aws-sdk-client-mock: the mock matches every call's input against its
  //    matchers with a deep equality and records the call (sinon), ~40% of the timed CPU, which is
  //    the bench's bookkeeping and not the handler's work. Like the mock, it replaces `send` whole.
  // `send` is the SDK base class's; the stub shadows it on RDSDataClient.prototype and restore() removes the shadow.
  const ownSend = Object.getOwnPropertyDescriptor(RDSDataClient.prototype, 'send');
  let answered = 0;
  Object.defineProperty(RDSDataClient.prototype, 'send', {
    configurable: true,
    writable: true,
    value: async (command: unknown) => {
      if (!(command instanceof ExecuteStatementCommand)) throw new Error('The list handler sent something other than ExecuteStatement');
      answered += 1;
      return recorded;
    },
  });
  const restore = () => {
    if (ownSend) Object.defineProperty(RDSDataClient.prototype, 'send', ownSend);
    else delete (RDSDataClient.prototype as { send?: unknown }).send;
  };
  const first = await handler(listEvent(), CONTEXT);
  if (first.statusCode !== 200 || typeof first.body !== 'string') throw new Error(`The list answered ${first.statusCode}`);
  const rows = (JSON.parse(first.body) as { data: unknown[] }).data;
  if (rows.length !== LIST_ROWS) throw new Error(`The list returned ${rows.length} rows`);

  const calls = 200;
  return {
    name: `List of ${LIST_ROWS} content rows through the domain handler (Data API stubbed), ${calls} calls`,
    rounds,
    // A warm container's handler, not V8 still compiling it: JSON.stringify is native and needs no warm-up,
    // the handler's JavaScript reaches its optimised code only after a few thousand calls (one round is 200).
    warmups: 15,
    clock: 'cpu',
    baseline: {
      label: `JSON.stringify of the ${LIST_ROWS} rows`,
      run: async () => {
        for (let i = 0; i < calls; i++) JSON.stringify(rows);
      },
    },
    candidate: {
      label: 'content list handler',
      run: async () => {
        const before = answered;
        for (let i = 0; i < calls; i++) await handler(listEvent(), CONTEXT);
        if (answered - before !== calls) throw new Error(`${calls} list calls sent ${answered - before} statements`);
      },
    },
    statement: sent,
    recorded,
    restore,
  };
}
