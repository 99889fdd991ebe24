/**
 * The database module's entry point: `getExecutor()` gives the container's one
 * SqlExecutor over the Data API, configured from the environment.
 */
import { RDSDataClient, type RDSDataClientConfig } from '@aws-sdk/client-rds-data';
import { optionalEnv, requireEnv } from '../config.js';
import { createDataApiExecutor } from './data-api-executor.js';
import type { SqlExecutor } from './executor.js';
import { ambientTransaction } from './ambient-transaction.js';
import { freshSocketAgents } from './fresh-socket-agent.js';
import { databaseSecretArn } from './function-secret.js';

export { createDataApiExecutor, translateError } from './data-api-executor.js';
export type { DataApiExecutorOptions } from './data-api-executor.js';
export type { RetryOptions } from './retry.js';
export * from './errors.js';
export * from './executor.js';
export { sqlValue, textArrayLiteral, formatTimestamp } from './values.js';
export { decodeRecords } from './decode.js';
export { withDatabaseSecret } from './function-secret.js';
export { inAmbientTransaction } from './ambient-transaction.js';

/** Client timeout above the Data API's 45 s call timeout, so the server, not the socket, decides. */
export const CLIENT_REQUEST_TIMEOUT_MS = 60_000;

/** The name @aws-sdk/core's getLoggerPlugin registers its middleware under. */
export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

/**
 * `maxAttempts: 1`: the SDK's default retries (3 attempts on 5xx, throttling,
 * timeouts, resets) would replay non-idempotent writes and calls inside a
 * transaction whose first attempt may have run. The one safe retry, on
 * DatabaseResumingException (the statement never ran), is ours: retry.ts.
 * Without the SDK's retries, a call written into a connection the server closed
 * while the Lambda environment was frozen fails (ECONNRESET); the agents of
 * fresh-socket-agent.ts never reuse a connection that has been idle that long.
 */
export function createDataApiClient(
  endpoint?: string,
  options: { logger?: RDSDataClientConfig['logger']; socketMaxIdleMs?: number } = {},
): RDSDataClient {
  const client = new RDSDataClient({
    maxAttempts: 1,
    ...(options.logger ? { logger: options.logger } : {}),
    requestHandler: { requestTimeout: CLIENT_REQUEST_TIMEOUT_MS, connectionTimeout: 5_000, ...freshSocketAgents({ maxIdleMs: options.socketMaxIdleMs }) },
    ...(endpoint
      ? {
          endpoint,
          // The local endpoint ignores signatures; these keep the SDK from hunting for real credentials.
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  // Without a logger the SDK's logger middleware still runs the output's sensitive-data filter over
  // every record of every response (~17% of a 50-row call), for a no-op logger to discard.
  if (!options.logger) client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  return client;
}

let client: RDSDataClient | undefined;
const executors = new Map<string, SqlExecutor>();

/**
 * One RDSDataClient per container and one executor per database secret
 * (Lambda reuses them across invocations). The secret decides the database
 * role the calls run as: DB_SECRET_ARN, the one secret CDK gives this function,
 * unless the local stack runs the handler for another function (function-secret.ts).
 * Inside `inAmbientTransaction`, it is that transaction (ambient-transaction.ts).
 */
export function getExecutor(): SqlExecutor {
  const joined = ambientTransaction();
  if (joined) return joined;
  // Fails fast, naming the variable, when DB_CLUSTER_ARN, DB_SECRET_ARN or DB_NAME is missing.
  const secretArn = databaseSecretArn();
  let executor = executors.get(secretArn);
  if (!executor) {
    client ??= createDataApiClient(optionalEnv('DATA_API_ENDPOINT'));
    executor = createDataApiExecutor({ resourceArn: requireEnv('DB_CLUSTER_ARN'), secretArn, database: requireEnv('DB_NAME'), client });
    executors.set(secretArn, executor);
  }
  return executor;
}

/** For tests that change the environment between cases. */
export function resetExecutorForTests(): void {
  client = undefined;
  executors.clear();
}
