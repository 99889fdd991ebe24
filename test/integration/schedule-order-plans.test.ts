/**
 * The cross-calendar schedule reads calendar items' indexes (schema/109): its
 * `scheduled_time` order is one range of the expression index on the base
 * table (the view passes the time column through, so PostgreSQL matches it),
 * and the default order within a date range comes off (scheduled_date,
 * scheduled_time, id). Before 109 the view's column was text made of the
 * time, which no index matches: every page sorted the whole table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleListSpec } from '../../lambdas/planning/schedule.js';
import { buildListQuery, toPage } from '../../lambdas/platform/lists/list-query.js';
import { pgExecutor } from '../../local/pg-executor.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { planOf as plan } from '../support/plans.js';

const ITEMS = 20_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const calendar = (await db.pool.query<{ id: string }>(`INSERT INTO marketing.content_calendars (calendar_name) VALUES ('Plan') RETURNING id`)).rows[0]!.id;
  // A year of items; every 5th is all-day (no time); times repeat, so ids break ties.
  await db.pool.query(
    `INSERT INTO marketing.calendar_items (calendar_id, title, scheduled_date, scheduled_time)
     SELECT $1, 'Item ' || g, DATE '2026-01-01' + (g % 365), CASE WHEN g % 5 = 0 THEN NULL ELSE TIME '08:00' + (g % 48) * INTERVAL '15 minutes' END
     FROM generate_series(1, $2::int) g`,
    [calendar, ITEMS],
  );
  await db.pool.query('VACUUM ANALYZE marketing.calendar_items');
}, 60_000);

afterAll(async () => {
  await db.drop();
});

const planOf = (query: ReturnType<typeof buildListQuery>) => plan(db.pool, query);

/** Page 1 of `query`, then the query for page 2 (its cursor from toPage, as the API issues it). */
async function secondPage(query: Record<string, string | string[]>): Promise<ReturnType<typeof buildListQuery>> {
  const first = buildListQuery(scheduleListSpec, query);
  const { rows } = await pgExecutor(db.pool).query(first.sql, first.params);
  const page = toPage(rows, first);
  expect(page.next_cursor).not.toBeNull();
  return buildListQuery(scheduleListSpec, { ...query, cursor: page.next_cursor! });
}

describe('the schedule orders by calendar items indexes', () => {
  it.each(['scheduled_time.asc', 'scheduled_time.desc'])('order=%s: page 1 and page 2 read the expression index, no sort', async (order) => {
    for (const query of [buildListQuery(scheduleListSpec, { order, limit: '50' }), await secondPage({ order, limit: '50' })]) {
      const plan = await planOf(query);
      expect(plan.some((n) => n['Node Type'] === 'Sort'), JSON.stringify(plan.map((n) => n['Node Type']))).toBe(false);
      expect(plan.map((n) => n['Index Name'])).toContain('idx_calendar_items_scheduled_time_nulls_id');
    }
  });

  it('the default order within a month reads (scheduled_date, scheduled_time, id), no sort', async () => {
    const month = { scheduled_date: ['gte.2026-03-01', 'lte.2026-03-31'], limit: '50' };
    for (const q of [buildListQuery(scheduleListSpec, month), await secondPage(month)]) {
      const plan = await planOf(q);
      expect(plan.some((n) => n['Node Type'] === 'Sort'), JSON.stringify(plan.map((n) => n['Node Type']))).toBe(false);
      expect(plan.map((n) => n['Index Name'])).toContain('idx_calendar_items_scheduled_date_time_id');
    }
  });

  it('pages by scheduled_time visit every item once, all-day items last ascending', async () => {
    const seen: Array<{ id: string; scheduled_time: string | null }> = [];
    let query = buildListQuery(scheduleListSpec, { order: 'scheduled_time.asc', limit: '200' });
    for (;;) {
      const { rows } = await pgExecutor(db.pool).query(query.sql, query.params);
      const page = toPage(rows, query);
      seen.push(...(page.data as Array<{ id: string; scheduled_time: string | null }>));
      if (!page.next_cursor) break;
      query = buildListQuery(scheduleListSpec, { order: 'scheduled_time.asc', limit: '200', cursor: page.next_cursor });
    }
    expect(seen).toHaveLength(ITEMS);
    expect(new Set(seen.map((r) => r.id)).size).toBe(ITEMS);
    const times = seen.map((r) => r.scheduled_time);
    const firstNull = times.indexOf(null);
    expect(times.slice(firstNull).every((t) => t === null)).toBe(true);
    expect(times.slice(0, firstNull)).toEqual([...times.slice(0, firstNull)].sort());
  });
});
