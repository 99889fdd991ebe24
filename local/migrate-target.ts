/**
 * Where `npm run migrate` applies `schema/`, from the environment:
 * - `DATABASE_URL`: a PostgreSQL server, over `pg`;
 * - `DB_CLUSTER_ARN` + `DB_SECRET_ARN` + `DB_NAME` (and `DATA_API_ENDPOINT` for a
 *   local endpoint): an Aurora cluster through the Data API, as the deploy does;
 * - neither: the local database of `npm start` (embedded PostgreSQL in `LOCAL_DATA_DIR`).
 */
import path from 'node:path';
import pg from 'pg';
import { createDataApiClient, createDataApiExecutor } from '../lambdas/platform/db/index.js';
import type { SqlExecutor } from '../lambdas/platform/db/executor.js';
import { pgExecutor } from './pg-executor.js';
import { startEmbeddedPostgres } from './postgres.js';
import { LOCAL_DATABASE, ensureDatabase, postgresDataDir } from './stack.js';

export interface MigrateTarget {
  /** What is migrated, for the report (no credentials). */
  description: string;
  executor: SqlExecutor;
  close(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A URL without its password, for printing. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

export async function openMigrateTarget(env: Env, log: (line: string) => void = () => undefined): Promise<MigrateTarget> {
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
    return { description: `PostgreSQL at ${redactedUrl(env.DATABASE_URL)}`, executor: pgExecutor(pool), close: () => pool.end() };
  }
  if (env.DB_CLUSTER_ARN || env.DB_SECRET_ARN || env.DB_NAME) {
    const missing = ['DB_CLUSTER_ARN', 'DB_SECRET_ARN', 'DB_NAME'].filter((name) => !env[name]);
    if (missing.length > 0) throw new Error(`A Data API target needs ${missing.join(', ')} as well`);
    const client = createDataApiClient(env.DATA_API_ENDPOINT);
    const executor = createDataApiExecutor({ client, resourceArn: env.DB_CLUSTER_ARN!, secretArn: env.DB_SECRET_ARN!, database: env.DB_NAME! });
    return { description: `database ${env.DB_NAME} of ${env.DB_CLUSTER_ARN} through the Data API`, executor, close: async () => client.destroy() };
  }
  const dataDir = path.resolve(env.LOCAL_DATA_DIR ?? '.local');
  const server = await startEmbeddedPostgres({ dataDir: postgresDataDir(dataDir, log), persistent: true });
  await ensureDatabase(server.url(), LOCAL_DATABASE);
  const pool = new pg.Pool({ connectionString: server.url(LOCAL_DATABASE), max: 2 });
  return {
    description: `the local database (${dataDir})`,
    executor: pgExecutor(pool),
    close: async () => {
      await pool.end();
      await server.stop();
    },
  };
}
