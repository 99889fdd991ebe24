/**
 * Keyset pages at 1,000,000 marketing.content rows: for every column the
 * content list lets a client order by, both directions, page 1000 (rows
 * 49,951-50,000) and the page at row 900,000 vs page 1 of the same order, and
 * page 1 vs page 1 of the `id` order. The queries are the API's own
 * (buildListQuery over the content list's spec), run straight over pg: this
 * is about the plan, not the wire. Cursors are built directly, as toPage
 * would have issued them after the row before the page.
 *
 * property_id is NULL in 1 row of 5 and template_id in 2 of 3, so nullable
 * orders page through both the values and the NULLs.
 */
import type pg from 'pg';
import { contentResource } from '../lambdas/content/resources.js';
import { orderText } from '../lambdas/platform/lists/filters.js';
import { buildListQuery, type ListSpec } from '../lambdas/platform/lists/list-query.js';
import { encodeCursor } from '../lambdas/platform/lists/pagination.js';
import { pgExecutor } from '../local/pg-executor.js';
import { report, runCase } from './harness.js';
import { benchPool } from './pools.js';

const ROWS = 1_000_000;
const LIMIT = 50;

const spec: ListSpec = {
  table: contentResource.table,
  select: contentResource.listSelect,
  columns: contentResource.columns,
  defaultOrder: contentResource.defaultOrder,
};

/** One statement; deterministic ids (md5 of the row number) so template_id can point at rows of the same INSERT. */
export async function loadMillion(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO property.properties (id, name) SELECT md5('p' || g)::uuid, 'Property ' || g FROM generate_series(1, 1000) g`);
  const client = await pool.connect();
  try {
    // A bench database: skip the version triggers (a snapshot row per insert) and the FK checks (the values are valid).
    await client.query('SET session_replication_role = replica');
    await client.query(
      `INSERT INTO marketing.content (id, content_id, title, content_type, property_id, template_id, status)
       SELECT md5(g::text)::uuid, 'CON-' || (10000 + g), 'Piece ' || g,
              (ARRAY['blog','social','email','landing','description','ad_copy','newsletter','guide'])[1 + g % 8],
              CASE WHEN g % 5 = 0 THEN NULL ELSE md5('p' || (1 + g % 1000))::uuid END,
              CASE WHEN g % 3 = 0 THEN md5((1 + (g / 3) % 1000)::text)::uuid END,
              'draft'
       FROM generate_series(1, $1::int) g`,
      [ROWS],
    );
  } finally {
    client.release();
  }
  await pool.query('VACUUM ANALYZE marketing.content');
}

/** The API's query for the page that starts after row `after` (0: page 1) of `order`. */
export async function pageQuery(pool: pg.Pool, order: string, after: number): Promise<{ sql: string; params: Record<string, unknown> }> {
  const first = buildListQuery(spec, { order, limit: String(LIMIT) });
  if (after === 0) return first;
  // The key columns of the first page's own query (keySources) give the cursor values exactly as toPage reads them.
  const { rows } = await pool.query(`${first.sql.replace('LIMIT :list_limit', `OFFSET ${after - 1} LIMIT 1`)}`);
  const last = rows[0] as Record<string, unknown>;
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const values = first.order.map((_, i) => text(last[first.keySources[i]!]));
  const idIndex = first.order.findIndex((k) => k.column === 'id');
  const cursor = encodeCursor({ v: 1, o: orderText(first.order), k: values.filter((_, i) => i !== idIndex), id: values[idIndex] ?? '' });
  return buildListQuery(spec, { order, limit: String(LIMIT), cursor });
}

export async function benchKeysetAtAMillion(url: (db?: string) => string, admin: pg.Pool): Promise<void> {
  await admin.query('CREATE DATABASE bench_million TEMPLATE bench_template');
  const pool = benchPool(url('bench_million'), 2);
  try {
    const started = Date.now();
    await loadMillion(pool);
    process.stdout.write(`Keyset pages at ${ROWS.toLocaleString('en')} content rows (loaded in ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    // Ten reads per timing: one page takes well under a millisecond, below what a busy machine's timer noise allows.
    const run = (q: { sql: string; params: Record<string, unknown> }) => async () => {
      for (let i = 0; i < 10; i++) await pgExecutor(pool).query(q.sql, q.params as never);
    };
    const orderable = Object.keys(spec.columns).filter((c) => spec.columns[c]?.orderable);
    for (const direction of ['asc', 'desc']) {
      const idPage1 = await pageQuery(pool, `id.${direction}`, 0);
      for (const column of orderable) {
        const order = `${column}.${direction}`;
        const page1 = await pageQuery(pool, order, 0);
        if (column !== 'id') {
          report(await runCase({ name: `order=${order} page 1 vs order=id.${direction} page 1`, rounds: 11, baseline: { label: `id.${direction} page 1`, run: run(idPage1) }, candidate: { label: `${order} page 1`, run: run(page1) } }));
        }
        for (const [label, after] of [['page 1000', (1000 - 1) * LIMIT], ['page at row 900,000', 900_000 - 1]] as const) {
          const deep = await pageQuery(pool, order, after);
          report(await runCase({ name: `order=${order} ${label} vs page 1`, rounds: 11, baseline: { label: 'page 1', run: run(page1) }, candidate: { label, run: run(deep) } }));
        }
      }
    }
  } finally {
    await pool.end();
  }
}
