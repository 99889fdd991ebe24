/**
 * Keyset pages on a nullable order column are ONE index range: for each of
 * the four cursor cases (asc/desc, cursor on a value or on a NULL) and on
 * page 1, PostgreSQL's plan for the API's query is a single scan of the
 * ((property_id IS NULL), COALESCE(property_id, ...), id) index (schema/107)
 * with the keyset as its Index Cond, no Filter, no Sort, no second arm, so a
 * page deep in the list costs what the first one does. The same pages,
 * followed from page 1, visit every row once in the API's order (NULLs last
 * ascending, first descending).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentResource } from '../../lambdas/content/resources.js';
import { buildListQuery, toPage, type ListSpec } from '../../lambdas/platform/lists/list-query.js';
import { pgExecutor } from '../../local/pg-executor.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { planOf as plan } from '../support/plans.js';

const ROWS = 20_000;
const spec: ListSpec = { table: contentResource.table, select: contentResource.listSelect, columns: contentResource.columns, defaultOrder: 'id.desc' };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`INSERT INTO property.properties (id, name) SELECT md5('p' || g)::uuid, 'P' || g FROM generate_series(1, 50) g`);
  // Every 4th piece is company-wide (property_id NULL); 50 properties repeat, so values tie and ids break ties.
  await db.pool.query(
    `INSERT INTO marketing.content (title, content_type, property_id)
     SELECT 'Piece ' || g, 'blog', CASE WHEN g % 4 = 0 THEN NULL ELSE md5('p' || (1 + g % 50))::uuid END
     FROM generate_series(1, $1::int) g`,
    [ROWS],
  );
  await db.pool.query('VACUUM ANALYZE marketing.content');
}, 60_000);

afterAll(async () => {
  await db.drop();
});

/** The next page's query after `row` of the first page's order (as toPage would issue it). */
async function pageAfter(order: string, where: string): Promise<ReturnType<typeof buildListQuery>> {
  const first = buildListQuery(spec, { order, limit: '50' });
  const sql = first.sql.replace('LIMIT :list_limit', `LIMIT ${ROWS}`);
  const { rows } = await pgExecutor(db.pool).query(sql, first.params);
  // Deep in the list, on a row of the kind asked for, so the cursor names a value or a NULL.
  const index = rows.findIndex((r, i) => i > 1000 && (where === 'null' ? r.property_id === null : r.property_id !== null));
  const page = toPage(rows.slice(index - 49, index + 2), first);
  expect(page.next_cursor).not.toBeNull();
  return buildListQuery(spec, { order, limit: '50', cursor: page.next_cursor ?? '' });
}

describe('keyset pages on a nullable column', () => {
  const planOf = (query: ReturnType<typeof buildListQuery>) => plan(db.pool, query);

  it.each([
    ['property_id.asc', 'value'],
    ['property_id.asc', 'null'],
    ['property_id.desc', 'value'],
    ['property_id.desc', 'null'],
  ])('order=%s, cursor on a %s: one index range with no filter', async (order, cursorOn) => {
    const plan = await planOf(await pageAfter(order, cursorOn));
    const scans = plan.filter((n) => /Scan/.test(n['Node Type']));
    expect(scans).toHaveLength(1);
    const [scan] = scans;
    expect(scan!['Node Type']).toMatch(/^Index (Only )?Scan$/);
    expect(scan!['Index Name']).toBe('idx_content_property_id_nulls_id');
    expect(scan!['Index Cond']).toMatch(/property_id IS NULL/);
    expect(scan!.Filter).toBeUndefined();
    expect(plan.some((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Append' || n['Node Type'] === 'Merge Append')).toBe(false);
  });

  it.each(['property_id.asc', 'property_id.desc'])('order=%s page 1: the same index, no sort', async (order) => {
    const plan = await planOf(buildListQuery(spec, { order, limit: '50' }));
    const scans = plan.filter((n) => /Scan/.test(n['Node Type']));
    expect(scans.map((n) => n['Index Name'])).toEqual(['idx_content_property_id_nulls_id']);
    expect(plan.some((n) => n['Node Type'] === 'Sort')).toBe(false);
  });

  it.each(['property_id.asc', 'property_id.desc'])('order=%s pages visit every row once, in order', async (order) => {
    const all = await db.pool.query<{ id: string }>(
      `SELECT id FROM marketing.content ORDER BY property_id ${order.endsWith('asc') ? 'ASC NULLS LAST, id ASC' : 'DESC NULLS FIRST, id DESC'}`,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = buildListQuery(spec, { order, limit: '200', ...(cursor ? { cursor } : {}) });
      const { rows } = await pgExecutor(db.pool).query(query.sql, query.params);
      const page = toPage(rows, query);
      seen.push(...page.data.map((r) => String(r.id)));
      expect(Object.keys(page.data[0] ?? {}).some((k) => k.startsWith('__cursor'))).toBe(false);
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.rows.map((r) => r.id));
  });
});
