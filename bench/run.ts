/**
 * `npm run bench`: each figure is a ratio against a baseline measured in the
 * same run on the same machine, so it means the same on any machine. Each is
 * printed the moment it is measured.
 *
 * 1. Lambda bundles (a real `cdk synth`): size and module init of every
 *    function vs a floor handler bundled the same way (bench/bundles.ts).
 * 2. Fresh database per test file: CREATE DATABASE ... TEMPLATE (what the test
 *    harness does) vs applying every schema file (what it avoids).
 * 3. Deep list page: the keyset query the API builds vs the OFFSET query it
 *    refuses to use, at row 20,000 of 30,000.
 * 4. A single-row read through the Data API (SDK -> local endpoint -> pg) vs
 *    the same query straight over pg: the local endpoint's overhead.
 * 5. A 50-row ExecuteStatement without vs with the SDK's logger middleware.
 * 6. A 50-row content list through the real domain handler (Data API stubbed)
 *    vs JSON.stringify of its rows (bench/list-handler.ts).
 * 7. Keyset pages at 1,000,000 content rows, every orderable column, both
 *    directions: page 1000 vs page 1, and page 1 vs the id order's page 1
 *    (bench/keyset-million.ts).
 * 8. Bulk ingest of 10,000 campaign events through the API path (handler +
 *    Data API, one statement) vs COPY of the same rows (bench/ingest.ts).
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadSchemaFiles, migrate } from '../lambdas/workers/migrator/index.js';
import { createDataApiClient, createDataApiExecutor } from '../lambdas/platform/db/index.js';
import { orderText } from '../lambdas/platform/lists/filters.js';
import { buildListQuery } from '../lambdas/platform/lists/list-query.js';
import { encodeCursor } from '../lambdas/platform/lists/pagination.js';
import { startLocalDataApi } from '../local/data-api/index.js';
import { pgExecutor } from '../local/pg-executor.js';
import { startEmbeddedPostgres } from '../local/postgres.js';
import { worldTraversableTempDir } from '../test/support/temp-dir.js';
import { bundleFloor, formatBundle, measureBundle, synthFunctions } from './bundles.js';
import { report, runCase } from './harness.js';
import { benchKeysetAtAMillion } from './keyset-million.js';
import { LIST_ROWS, insertContentRows, listHandlerCase } from './list-handler.js';
import { benchPool } from './pools.js';
import { sdkLoggerCase } from './sdk-logger.js';
import { ingestCase } from './ingest.js';

const dir = await worldTraversableTempDir('mkt-bench-');

// Before PostgreSQL starts, so nothing else competes for the CPU while node processes start.
{
  process.stdout.write('Lambda bundles vs the floor (RDSDataClient + one ExecuteStatement, same esbuild settings)\n');
  const functions = await synthFunctions(path.join(dir, 'cdk.out'));
  await mkdir(path.join(dir, 'floor'));
  const floorFile = await bundleFloor(path.join(dir, 'floor'));
  const floorBytes = (await stat(floorFile)).size;
  for (const fn of functions) process.stdout.write(`${formatBundle(await measureBundle(fn, floorFile, floorBytes, 7), floorBytes)}\n`);
}

const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false, fast: true });
const admin = benchPool(server.url(), 2);
const pools = [admin];
let stopDataApi: (() => Promise<void>) | undefined;
try {
  const files = await loadSchemaFiles(path.resolve('schema'));
  await admin.query('CREATE DATABASE bench_template');
  const templatePool = benchPool(server.url('bench_template'), 2);
  await migrate({ executor: pgExecutor(templatePool), files });
  await templatePool.end();

  let n = 0;
  report(
    await runCase({
      name: 'Fresh migrated database per test file',
      rounds: 5,
      baseline: {
        label: 'migrate every schema file',
        run: async () => {
          const name = `bench_m${n++}`;
          await admin.query(`CREATE DATABASE ${name}`);
          const pool = benchPool(server.url(name), 1);
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
  const data = benchPool(server.url('bench_data'), 2);
  pools.unshift(data);
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
  report(
    await runCase({
      name: 'List page at row 20,000 of 30,000',
      rounds: 15,
      // Ten reads per timing, so a busy machine's round-trip noise does not swamp a sub-millisecond query.
      baseline: {
        label: 'OFFSET 20000 LIMIT 51',
        run: async () => {
          for (let i = 0; i < 10; i++) {
            await data.query('SELECT id, website_id, website_name, platform FROM marketing.websites ORDER BY website_id, id OFFSET 20000 LIMIT 51');
          }
        },
      },
      candidate: {
        label: 'keyset (the API\'s query)',
        run: async () => {
          for (let i = 0; i < 10; i++) await pgExecutor(data).query(keyset.sql, keyset.params);
        },
      },
    }),
  );

  const dataApi = await startLocalDataApi({ connectionStringFor: (db) => server.url(db) });
  stopDataApi = () => dataApi.stop();
  const client = createDataApiClient(dataApi.endpoint);
  const executor = createDataApiExecutor({
    client,
    resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
    secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    database: 'bench_data',
  });
  const one = 'SELECT id, website_id, website_name FROM marketing.websites WHERE website_id = :id';
  report(
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
  report(
    await runCase(await ingestCase(data, dir)).catch((error: unknown) => {
      // Reported here: stopping the server in `finally` would otherwise surface first, as an idle-connection error.
      process.stderr.write(`bulk ingest case failed: ${String(error)}\n`);
      throw error;
    }),
  );
  client.destroy();

  await insertContentRows(data, LIST_ROWS + 10);
  const list = await listHandlerCase(dataApi.endpoint, 'bench_data', 9);
  report(await runCase(list));
  list.restore();
  const sdk = sdkLoggerCase(dataApi.endpoint, list.statement, 9);
  report(await runCase(sdk));
  sdk.destroy();

  await benchKeysetAtAMillion(server.url.bind(server), admin);
} finally {
  // Every client closed before the server stops, so none is left to receive its shutdown notice.
  await stopDataApi?.();
  for (const pool of pools) await pool.end();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
