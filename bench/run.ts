/**
 * `npm run bench`: each figure is a ratio against a baseline measured in the
 * same run on the same server, so it means the same on any machine.
 *
 * 1. Fresh database per test file: CREATE DATABASE ... TEMPLATE (what the test
 *    harness does) vs applying every schema file (what it avoids).
 * 2. Deep list page: the keyset query the API builds vs the OFFSET query it
 *    refuses to use, at row 20,000 of 30,000.
 * 3. A single-row read through the Data API (SDK -> local endpoint -> pg) vs
 *    the same query straight over pg: the local endpoint's overhead.
 * 4. Bulk ingest of 10,000 campaign events through the API path (handler +
 *    Data API, one statement) vs COPY of the same rows (bench/ingest.ts).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadSchemaFiles, migrate } from '../lambdas/workers/migrator/index.js';
import { createDataApiClient, createDataApiExecutor } from '../lambdas/platform/db/index.js';
import { orderText } from '../lambdas/platform/lists/filters.js';
import { buildListQuery } from '../lambdas/platform/lists/list-query.js';
import { encodeCursor } from '../lambdas/platform/lists/pagination.js';
import { startLocalDataApi } from '../local/data-api/index.js';
import { pgExecutor } from '../local/pg-executor.js';
import { startEmbeddedPostgres } from '../local/postgres.js';
import { worldTraversableTempDir } from '../test/support/temp-dir.js';
import { formatResults, runCase, type BenchResult } from './harness.js';
import { ingestCase } from './ingest.js';

const dir = await worldTraversableTempDir('mkt-bench-');
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false, fast: true });
const admin = new pg.Pool({ connectionString: server.url(), max: 2 });
const results: BenchResult[] = [];
try {
  const files = await loadSchemaFiles(path.resolve('schema'));
  await admin.query('CREATE DATABASE bench_template');
  const templatePool = new pg.Pool({ connectionString: server.url('bench_template'), max: 2 });
  await migrate({ executor: pgExecutor(templatePool), files });
  await templatePool.end();

  let n = 0;
  results.push(
    await runCase({
      name: 'Fresh migrated database per test file',
      rounds: 5,
      baseline: {
        label: 'migrate every schema file',
        run: async () => {
          const name = `bench_m${n++}`;
          await admin.query(`CREATE DATABASE ${name}`);
          const pool = new pg.Pool({ connectionString: server.url(name), max: 1 });
          await migrate({ executor: pgExecutor(pool), files });
          await pool.end();
          await admin.query(`DROP DATABASE ${name}`);
        },
      },
      candidate: {
        label: 'CREATE DATABASE ... TEMPLATE',
        run: async () => {
          const name = `bench_t${n++}`;
          await admin.query(`CREATE DATABASE ${name} TEMPLATE bench_template`);
          await admin.query(`DROP DATABASE ${name}`);
        },
      },
    }),
  );

  await admin.query('CREATE DATABASE bench_data TEMPLATE bench_template');
  const data = new pg.Pool({ connectionString: server.url('bench_data'), max: 2 });
  await data.query(`INSERT INTO marketing.websites (website_name, platform)
                    SELECT 'Site ' || g, CASE WHEN g % 2 = 0 THEN 'webflow' ELSE 'wordpress' END FROM generate_series(1, 30000) g`);
  await data.query('ANALYZE marketing.websites');
  const spec = {
    table: 'marketing.websites',
    select: 'id, website_id, website_name, platform',
    columns: { id: { type: 'uuid' as const, orderable: true, nullable: false }, website_id: { type: 'text' as const, orderable: true, nullable: false } },
    defaultOrder: 'website_id.asc',
  };
  // The cursor a client holds after reading 20,000 rows (what toPage would have issued).
  const at = await data.query(`SELECT website_id, id FROM marketing.websites ORDER BY website_id, id OFFSET 19999 LIMIT 1`);
  const firstPage = buildListQuery(spec, 'limit=50');
  const cursor = encodeCursor({ v: 1, o: orderText(firstPage.order), k: [at.rows[0].website_id], id: at.rows[0].id });
  const keyset = buildListQuery(spec, `limit=50&cursor=${encodeURIComponent(cursor)}`);
  results.push(
    await runCase({
      name: 'List page at row 20,000 of 30,000',
      rounds: 15,
      baseline: {
        label: 'OFFSET 20000 LIMIT 51',
        run: async () => {
          await data.query('SELECT id, website_id, website_name, platform FROM marketing.websites ORDER BY website_id, id OFFSET 20000 LIMIT 51');
        },
      },
      candidate: {
        label: 'keyset (the API\'s query)',
        run: async () => {
          await pgExecutor(data).query(keyset.sql, keyset.params);
        },
      },
    }),
  );

  const dataApi = await startLocalDataApi({ connectionStringFor: (db) => server.url(db) });
  const client = createDataApiClient(dataApi.endpoint);
  const executor = createDataApiExecutor({
    client,
    resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
    secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    database: 'bench_data',
  });
  const one = 'SELECT id, website_id, website_name FROM marketing.websites WHERE website_id = :id';
  results.push(
    await runCase({
      name: 'Single-row read, 20 in a row',
      rounds: 9,
      baseline: {
        label: 'pg directly',
        run: async () => {
          for (let i = 0; i < 20; i++) await pgExecutor(data).query(one, { id: 'WEB-015000' });
        },
      },
      candidate: {
        label: 'SDK -> local Data API -> pg',
        run: async () => {
          for (let i = 0; i < 20; i++) await executor.query(one, { id: 'WEB-015000' });
        },
      },
    }),
  );
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    DB_CLUSTER_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
    DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    DB_NAME: 'bench_data',
    DATA_API_ENDPOINT: dataApi.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  results.push(
    await runCase(await ingestCase(data, dir)).catch((error: unknown) => {
      // Reported here: stopping the server in `finally` would otherwise surface first, as an idle-connection error.
      process.stderr.write(`bulk ingest case failed: ${String(error)}\n`);
      throw error;
    }),
  );
  client.destroy();
  await dataApi.stop();
  await data.end();
} finally {
  await admin.end();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

process.stdout.write(`${formatResults(results)}\n`);
