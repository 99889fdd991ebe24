/**
 * The floor the bench holds every Lambda bundle against: a handler that does
 * nothing but create an RDSDataClient and send one ExecuteStatement, the least
 * any API function needs. Bundled with the functions' own esbuild settings.
 */
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';

const client = new RDSDataClient({});

export const handler = async (): Promise<unknown> =>
  client.send(
    new ExecuteStatementCommand({
      resourceArn: process.env.DB_CLUSTER_ARN,
      secretArn: process.env.DB_SECRET_ARN,
      database: process.env.DB_NAME,
      sql: 'SELECT 1',
    }),
  );
