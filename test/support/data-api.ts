/**
 * A local Data API endpoint over a test database, with the real SDK client
 * and the Data API executor wired to it: what Lambda code sees in AWS.
 */
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import { createDataApiClient, createDataApiExecutor, type RetryOptions } from '../../lambdas/platform/db/index.js';
import type { SqlExecutor } from '../../lambdas/platform/db/executor.js';
import { startLocalDataApi, type LocalDataApiOptions } from '../../local/data-api/index.js';
import { databaseUrl } from './db.js';

export const TEST_RESOURCE_ARN = 'arn:aws:rds:us-east-1:000000000000:cluster:local';
export const TEST_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local';

export interface TestDataApi {
  endpoint: string;
  client: RDSDataClient;
  executor: SqlExecutor;
  /** Fields every raw SDK command needs. */
  target: { resourceArn: string; secretArn: string; database: string };
  stop(): Promise<void>;
}

export async function startTestDataApi(
  db: { name: string },
  options: Omit<LocalDataApiOptions, 'connectionStringFor'> & { retry?: RetryOptions } = {},
): Promise<TestDataApi> {
  const { retry, ...serverOptions } = options;
  const api = await startLocalDataApi({ connectionStringFor: databaseUrl, ...serverOptions });
  const client = createDataApiClient(api.endpoint);
  const target = { resourceArn: TEST_RESOURCE_ARN, secretArn: TEST_SECRET_ARN, database: db.name };
  return {
    endpoint: api.endpoint,
    client,
    executor: createDataApiExecutor({ client, ...target, retry }),
    target,
    async stop() {
      client.destroy();
      await api.stop();
    },
  };
}
