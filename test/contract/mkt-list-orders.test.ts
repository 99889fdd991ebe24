/**
 * The orders the mkt lists offer (schema/111), through the local HTTP API:
 * for each domain, lists followed page by page from page 1 to the last, in
 * both directions, visit every row once in the order a client asked for,
 * ties broken by id, NULLs last ascending and first descending (a nullable
 * column), with pages ending between equal values and between a value and a
 * NULL. Expected orders are computed here from the rows the test wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api.js';
import { idByCode, insertContent } from '../support/mkt-fixtures.js';
import type { Page } from '../support/types.js';

type Row = { id: string; [column: string]: unknown };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** Every page of `path` in `order`, `limit` rows each, following next_cursor. */
async function walk(path: string, order: string, limit: number): Promise<{ pages: number; rows: Row[] }> {
  const rows: Row[] = [];
  let pages = 0;
  let cursor: string | null = null;
  const glue = path.includes('?') ? '&' : '?';
  do {
    const url: string = `${path}${glue}order=${order}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response: ApiResponse<Page<Row>> = await api.request<Page<Row>>('GET', url, { as: 'viewer' });
    expect(response.status, url).toBe(200);
    expect(response.body.data.length, url).toBeLessThanOrEqual(limit);
    rows.push(...response.body.data);
    pages++;
    cursor = response.body.next_cursor;
    expect(pages, 'a cursor loop').toBeLessThan(50);
  } while (cursor);
  return { pages, rows };
}

type Value = string | number | null;

/** The API's order: the column (NULLS LAST ascending, FIRST descending), then the id in the same direction. */
function expectedIds(rows: readonly Row[], key: (row: Row) => Value, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (x: Value, y: Value): number => {
    if (x === y) return 0;
    if (x === null) return 1; // NULL is the largest key: last ascending, first descending
    if (y === null) return -1;
    return x < y ? -1 : 1;
  };
  return [...rows]
    .sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.id, b.id)))
    .map((r) => r.id);
}

const column = (name: string) => (row: Row) => row[name] as Value;
/** Timestamps compared as instants, whatever their text. */
const instant = (name: string) => (row: Row) => (row[name] === null ? null : Date.parse(String(row[name])));

/**
 * Walks `path` in both directions and checks each against the expected order of `written`:
 * every written row once, in order, over more than one page.
 */
async function expectOrder(path: string, name: string, written: readonly Row[], limit: number, key = column(name)): Promise<void> {
  for (const direction of ['asc', 'desc'] as const) {
    const { pages, rows } = await walk(path, `${name}.${direction}`, limit);
    expect(pages, `${path} ${name}.${direction}`).toBeGreaterThan(1);
    expect(rows.map((r) => r.id), `${path} ${name}.${direction}`).toEqual(expectedIds(written, key, direction));
  }
}

async function rowsOf(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await api.db.pool.query<Row>(sql, params)).rows;
}

describe('mkt common lists', () => {
  it('campaigns by name and by start date (nullable), across pages, both directions', async () => {
    const names = ['Delta', 'Alpha', 'Charlie', 'Alpha', 'Bravo', 'Echo', 'Bravo'];
    const starts = ['2026-03-01', null, '2026-01-15', '2026-01-15', null, '2026-02-01', null];
    const written = await rowsOf(
      `INSERT INTO public.mkt_campaigns (name, start_date)
       SELECT n, CAST(s AS date) FROM unnest(CAST($1 AS text[]), CAST($2 AS text[])) AS x(n, s)
       RETURNING id, name, CAST(start_date AS text) AS start_date`,
      [names, starts],
    );
    await expectOrder('/v1/mkt/campaigns', 'name', written, 3);
    // Pages of 2 end between the two 2026-01-15 rows and between a value and the first NULL.
    await expectOrder('/v1/mkt/campaigns', 'start_date', written, 2);
  });

  it('seeded segments in display order (sort_order)', async () => {
    const written = await rowsOf('SELECT id, sort_order FROM public.mkt_segments');
    expect(written.length).toBeGreaterThan(3);
    await expectOrder('/v1/mkt/segments', 'sort_order', written, 3);
  });
});

describe('mkt NDP lists', () => {
  it('topics by title and by intensity (nullable), with the list route own filters', async () => {
    const category = await idByCode(api.db.pool, 'mkt_ndp_categories', 'pain');
    const written = await rowsOf(
      `INSERT INTO public.mkt_ndp_topics (category_id, title, icp_statement, intensity)
       SELECT $1, t, 'In their words.', i FROM unnest(CAST($2 AS text[]), CAST($3 AS int[])) AS x(t, i)
       RETURNING id, title, intensity`,
      [category, ['Keys', 'Cleaning', 'Noise', 'Keys', 'Pricing'], [3, null, 5, 3, null]],
    );
    await expectOrder('/v1/mkt/ndp-topics', 'title', written, 2);
    await expectOrder('/v1/mkt/ndp-topics?category=pain', 'intensity', written, 2);
  });
});

describe('mkt content lists', () => {
  it('content by title and by published_at (nullable)', async () => {
    const pieces = await Promise.all(['Owners', 'Guests', 'Investors', 'Guests', 'Agents'].map((title) => insertContent(api.db.pool, { title })));
    const published = ['2026-05-01T10:00:00Z', null, '2026-04-01T08:30:00Z', '2026-05-01T10:00:00Z', null];
    await api.db.pool.query(
      `UPDATE public.mkt_con_content c SET published_at = CAST(x.p AS timestamptz)
       FROM unnest(CAST($1 AS uuid[]), CAST($2 AS text[])) AS x(id, p) WHERE c.id = x.id`,
      [pieces.map((p) => p.id), published],
    );
    const written = await rowsOf('SELECT id, title, published_at FROM public.mkt_con_content');
    expect(written).toHaveLength(5);
    await expectOrder('/v1/mkt/content', 'title', written, 2);
    await expectOrder('/v1/mkt/content', 'published_at', written, 2, instant('published_at'));
  });

  it("a pillar's content types by planned_count (a nested list)", async () => {
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO public.mkt_con_pillars (pillar_type_id, title) SELECT id, 'Order pillar' FROM public.mkt_con_pillar_types LIMIT 1 RETURNING id`,
    );
    const pillar = rows[0]!.id;
    const written = await rowsOf(
      `INSERT INTO public.mkt_con_pillar_content_types (pillar_id, content_type_id, planned_count)
       SELECT $1, t.id, (row_number() OVER (ORDER BY t.code)) % 3 FROM (SELECT id, code FROM public.mkt_con_types ORDER BY code LIMIT 5) t
       RETURNING id, planned_count`,
      [pillar],
    );
    await expectOrder(`/v1/mkt/pillars/${pillar}/content-types`, 'planned_count', written, 2);
  });
});

describe('mkt persona lists', () => {
  it('contacts by full_name (nullable)', async () => {
    const written = await rowsOf(
      `INSERT INTO public.mkt_persona_contacts (full_name, email)
       SELECT n, e FROM unnest(CAST($1 AS text[]), CAST($2 AS text[])) AS x(n, e)
       RETURNING id, full_name`,
      [
        ['Maria', null, 'Ana', 'Maria', null],
        ['maria1@example.com', 'nameless1@example.com', 'ana@example.com', 'maria2@example.com', 'nameless2@example.com'],
      ],
    );
    await expectOrder('/v1/mkt/persona-contacts', 'full_name', written, 2);
  });

  it("a contact's score history by scored_at, through the route's own page-and-existence statement", async () => {
    const contact = (await rowsOf(`INSERT INTO public.mkt_persona_contacts (full_name) VALUES ('Scored') RETURNING id`))[0]!.id;
    const scored = await api.request('PUT', `/v1/mkt/persona-contacts/${contact}/scores/prospective_owners`, { as: 'marketer', body: { score: 40 } });
    expect(scored.status).toBe(201);
    // More history rows at chosen times, two of them tied, so the id breaks the tie.
    await api.db.pool.query(
      `INSERT INTO marketing_ops.persona_score_history (persona_score_id, persona_contact_id, segment_id, score, scoring_method, scored_at)
       SELECT s.id, s.persona_contact_id, s.segment_id, 50, 'manual', CAST(t AS timestamptz)
       FROM public.mkt_persona_scores s, unnest(CAST($2 AS text[])) AS t WHERE s.persona_contact_id = $1`,
      [contact, ['2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z']],
    );
    const written = await rowsOf('SELECT id, scored_at FROM marketing_ops.persona_score_history WHERE persona_contact_id = $1', [contact]);
    expect(written).toHaveLength(5);
    await expectOrder(`/v1/mkt/persona-contacts/${contact}/scores/history`, 'scored_at', written, 2, instant('scored_at'));
  });
});

describe('orders the mkt lists refuse', () => {
  it('a column without its index is a 422 naming order, as before', async () => {
    const response = await api.request<{ errors?: Array<{ path: string }> }>('GET', '/v1/mkt/ideas?order=priority.asc', { as: 'viewer' });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path)).toEqual(['query.order']);
  });
});
