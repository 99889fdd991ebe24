/**
 * What the figures share, each piece made the first time a figure asks for it
 * (so `npm run bench -- ingest` starts only what ingest needs, and the bundle
 * figure, when it runs, runs before PostgreSQL starts): the embedded server,
 * the migrated template database, the `bench_data` database with its 30,000
 * websites, the local Data API over it. `close()` stops whatever was started,
 * every pg client before the server (see pools.ts).
 */
import path from 'node:path';
import type pg from 'pg';
import { createDataApiClient, createDataApiExecutor } from '../lambdas/platform/db/index.js';
import type { SqlExecutor } from '../lambdas/platform/db/executor.js';
import { loadSchemaFiles, migrate } from '../lambdas/workers/migrator/index.js';
import { startLocalDataApi } from '../local/data-api/index.js';
import { pgExecutor } from '../local/pg-executor.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../local/postgres.js';
import { benchPool } from './pools.js';

type SchemaFiles = Awaited<ReturnType<typeof loadSchemaFiles>>;

export const BENCH_ARNS = {
  DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
} as const;

/**
 * PostgreSQL's default shared_buffers (128 MB) is sized for a server that shares its machine; the million-row
 * figures then measure buffer evictions to the OS cache (a first segment build wrote ~160 MB of evicted pages while
 * it ran). PostgreSQL's manual suggests 25% of a dedicated server's memory; an Aurora instance gives most of its
 * memory to the buffer cache. 1 GB holds the largest figure's working set (1,000,000 contacts, 430,000 members and
 * their indexes, ~400 MB) with room. Baselines and candidates run on the same server, so every ratio sees the same cache.
 */
export const BENCH_SERVER_SETTINGS = { shared_buffers: '1GB' } as const;

export interface LocalDataApi {
  endpoint: string;
  /** A Data API executor over `bench_data`, as the handlers build it. */
  executor: SqlExecutor;
}

/** Memoises an async constructor: every caller gets the same promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export class BenchContext {
  private readonly pools: pg.Pool[] = [];
  private readonly stops: (() => Promise<void>)[] = [];
  private running: RunningPostgres | undefined;

  constructor(readonly dir: string) {}

  /** A pg pool, closed by close(). */
  pool(database: string | undefined, max: number): pg.Pool {
    if (!this.running) throw new Error('pool() before server()');
    const pool = benchPool(this.running.url(database), max);
    this.pools.push(pool);
    return pool;
  }

  readonly server = once(async () => {
    this.running = await startEmbeddedPostgres({ dataDir: path.join(this.dir, 'data'), persistent: false, fast: true, settings: BENCH_SERVER_SETTINGS });
    return this.running;
  });

  readonly admin = once(async () => {
    await this.server();
    return this.pool(undefined, 2);
  });

  readonly schemaFiles = once((): Promise<SchemaFiles> => loadSchemaFiles(path.resolve('schema')));

  /** `bench_template`: every schema file applied once; figures clone it. */
  readonly template = once(async () => {
    const admin = await this.admin();
    await admin.query('CREATE DATABASE bench_template');
    const templatePool = benchPool((await this.server()).url('bench_template'), 2);
    await migrate({ executor: pgExecutor(templatePool), files: await this.schemaFiles() });
    await templatePool.end();
  });

  /** `bench_data`: a clone of the template with 30,000 websites (the list-page and single-read figures read them). */
  readonly data = once(async () => {
    await this.template();
    await (await this.admin()).query('CREATE DATABASE bench_data TEMPLATE bench_template');
    const data = this.pool('bench_data', 2);
    await data.query(`INSERT INTO marketing.websites (website_name, platform)
                      SELECT 'Site ' || g, CASE WHEN g % 2 = 0 THEN 'webflow' ELSE 'wordpress' END FROM generate_series(1, 30000) g`);
    await data.query('ANALYZE marketing.websites');
    return data;
  });

  /** The local Data API endpoint (over every database of the server) and an executor over `bench_data`. */
  readonly dataApi = once(async (): Promise<LocalDataApi> => {
    await this.data();
    const server = await this.server();
    const api = await startLocalDataApi({ connectionStringFor: (db) => server.url(db) });
    const client = createDataApiClient(api.endpoint);
    this.stops.push(async () => {
      client.destroy();
      await api.stop();
    });
    const executor = createDataApiExecutor({ client, resourceArn: BENCH_ARNS.DB_CLUSTER_ARN, secretArn: BENCH_ARNS.DB_SECRET_ARN, database: 'bench_data' });
    return { endpoint: api.endpoint, executor };
  });

  async close(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop();
    for (const pool of this.pools) await pool.end();
    await this.running?.stop();
  }
}
