/**
 * Every figure of `npm run bench`, by name, in the order a full run measures
 * them. Each is a ratio against a baseline measured in the same run on the
 * same machine, so it means the same on any machine; each is printed the
 * moment it is measured. A figure asks the context for what it needs
 * (bench/context.ts), so running one figure starts only its prerequisites.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { orderText } from '../lambdas/platform/lists/filters.js';
import { buildListQuery } from '../lambdas/platform/lists/list-query.js';
import { encodeCursor } from '../lambdas/platform/lists/pagination.js';
import { migrate } from '../lambdas/workers/migrator/index.js';
import { pgExecutor } from '../local/pg-executor.js';
import { bundleFloor, formatBundle, measureBundle, synthFunctions } from './bundles.js';
import { BENCH_ARNS, type BenchContext } from './context.js';
import { report, runCase } from './harness.js';
import { ingestCase } from './ingest.js';
import { benchKeysetAtAMillion } from './keyset-million.js';
import { LIST_ROWS, insertContentRows, listHandlerCase } from './list-handler.js';
import { benchPool } from './pools.js';
import { benchSegmentsAtAMillion } from './segments-million.js';
import { sdkLoggerCase } from './sdk-logger.js';

export interface Figure {
  name: string;
  /** One line for `--list`: what is compared with what. */
  summary: string;
  run(ctx: BenchContext): Promise<void>;
}

export const FIGURES: readonly Figure[] = [
  {
    name: 'bundles',
    summary: 'Lambda bundle size and module init of every function (real cdk synth) vs a floor handler bundled the same way',
    // First in a full run: before PostgreSQL starts, so nothing else competes for the CPU while node processes start.
    run: async (ctx) => {
      process.stdout.write('Lambda bundles vs the floor (RDSDataClient + one ExecuteStatement, same esbuild settings)\n');
      const functions = await synthFunctions(path.join(ctx.dir, 'cdk.out'));
      await mkdir(path.join(ctx.dir, 'floor'));
      const floorFile = await bundleFloor(path.join(ctx.dir, 'floor'));
      const floorBytes = (await stat(floorFile)).size;
      const over: string[] = [];
      for (const fn of functions) {
        const figure = await measureBundle(fn, floorFile, floorBytes, 7);
        process.stdout.write(`${formatBundle(figure, floorBytes)}\n`);
        if (fn.api && figure.sizeRatio > 1.5) over.push(`${fn.name} size ${figure.sizeRatio.toFixed(2)}×`);
        if (fn.api && figure.initRatio > 1.5) over.push(`${fn.name} init ${figure.initRatio.toFixed(2)}×`);
      }
      const api = functions.filter((f) => f.api).length;
      process.stdout.write(over.length === 0 ? `  = all ${api} API functions within 1.5× the floor in size and init\n` : `  = over 1.5× the floor: ${over.join(', ')}\n`);
    },
  },
  {
    name: 'fresh-database',
    summary: 'A fresh migrated database per test file: CREATE DATABASE ... TEMPLATE vs applying every schema file',
    run: async (ctx) => {
      await ctx.template();
      const admin = await ctx.admin();
      const server = await ctx.server();
      const files = await ctx.schemaFiles();
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
    },
  },
  {
    name: 'deep-list-page',
    summary: "A list page at row 20,000 of 30,000: the API's keyset query vs OFFSET (ten reads per timing)",
    run: async (ctx) => {
      const data = await ctx.data();
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
            label: "keyset (the API's query)",
            run: async () => {
              for (let i = 0; i < 10; i++) await pgExecutor(data).query(keyset.sql, keyset.params);
            },
          },
        }),
      );
    },
  },
  {
    name: 'data-api-read',
    summary: 'A single-row read, 20 in a row: SDK -> local Data API -> pg vs the same query straight over pg',
    run: async (ctx) => {
      const data = await ctx.data();
      const { executor } = await ctx.dataApi();
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
    },
  },
  {
    name: 'ingest',
    summary: 'Bulk ingest of 10,000 campaign events through POST /v1/campaigns/{id}/events (handler + Data API, one statement) vs COPY of the same rows',
    run: async (ctx) => {
      const data = await ctx.data();
      const { endpoint } = await ctx.dataApi();
      Object.assign(process.env, {
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
        ...BENCH_ARNS,
        DB_NAME: 'bench_data',
        DATA_API_ENDPOINT: endpoint,
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      });
      const result = await runCase(await ingestCase(data, ctx.dir)).catch((error: unknown) => {
        // Reported here: stopping the server in `finally` would otherwise surface first, as an idle-connection error.
        process.stderr.write(`bulk ingest case failed: ${String(error)}\n`);
        throw error;
      });
      report(result);
      process.stdout.write(`  = ${(1 / result.ratio).toFixed(2)}× COPY's throughput (the issue asks ≥ 0.7×)\n`);
    },
  },
  {
    name: 'list-handler',
    summary: 'A 50-row content list through the real domain handler (Data API stubbed, CPU time) vs JSON.stringify of its rows',
    run: async (ctx) => {
      const data = await ctx.data();
      const { endpoint } = await ctx.dataApi();
      await insertContentRows(data, LIST_ROWS + 10);
      const list = await listHandlerCase(endpoint, 'bench_data', 9);
      try {
        report(await runCase(list));
      } finally {
        list.restore();
      }
    },
  },
  {
    name: 'sdk-logger',
    summary: "A 50-row ExecuteStatement through the SDK without vs with the SDK's logger middleware",
    run: async (ctx) => {
      const data = await ctx.data();
      const { endpoint } = await ctx.dataApi();
      // The statement is the content list handler's own (captured by listHandlerCase); its rows must exist.
      const { rows } = await data.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content');
      if ((rows[0]?.n ?? 0) < LIST_ROWS + 1) await insertContentRows(data, LIST_ROWS + 10);
      const list = await listHandlerCase(endpoint, 'bench_data', 9);
      list.restore();
      const sdk = sdkLoggerCase(endpoint, list.statement, 9);
      try {
        report(await runCase(sdk));
      } finally {
        sdk.destroy();
      }
    },
  },
  {
    name: 'keyset-million',
    summary: 'Keyset pages at 1,000,000 content rows, every orderable column, both directions: deep pages vs page 1, page 1 vs the id order',
    run: async (ctx) => {
      await ctx.template();
      const server = await ctx.server();
      await benchKeysetAtAMillion(server.url.bind(server), await ctx.admin());
    },
  },
  {
    name: 'segments-million',
    summary: 'A dynamic segment at 1,000,000 contacts: first build, steady-state refresh and a 1% churn refresh vs the bare count(*) of the criterion',
    run: async (ctx) => {
      await ctx.template();
      const server = await ctx.server();
      await benchSegmentsAtAMillion(server.url.bind(server), await ctx.admin());
    },
  },
];
