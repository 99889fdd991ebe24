/**
 * Two writers closing a cycle at the same time (A -> B and B -> A): each
 * statement's own check sees no cycle, so the commit-time trigger must refuse
 * the second committer.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function content(title: string): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO marketing.content (title, content_type) VALUES ($1, 'blog') RETURNING id`,
    [title],
  );
  return rows[0]!.id;
}

const link = 'INSERT INTO marketing.content_components (parent_content_id, component_content_id) VALUES ($1, $2)';

describe('content composition stays a tree under concurrent writers', () => {
  it('refuses the second of two concurrent inserts that close a cycle, at commit', async () => {
    const [a, b] = [await content('A'), await content('B')];
    const first = new pg.Client({ connectionString: db.url });
    const second = new pg.Client({ connectionString: db.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      await first.query(link, [a, b]);
      await second.query(link, [b, a]); // its own view has no A -> B yet
      await first.query('COMMIT');
      const error = await second.query('COMMIT').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: '23514', constraint: 'content_components_no_cycle' });
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    const { rows } = await db.pool.query('SELECT parent_content_id FROM marketing.content_components WHERE parent_content_id IN ($1, $2)', [a, b]);
    expect(rows).toHaveLength(1);
  });

  it('refuses a longer cycle and a piece containing itself, and allows shared children', async () => {
    const [a, b, c] = [await content('A'), await content('B'), await content('C')];
    await db.pool.query(link, [a, b]);
    await db.pool.query(link, [b, c]);
    await expect(db.pool.query(link, [c, a])).rejects.toMatchObject({ code: '23514' });
    await expect(db.pool.query(link, [a, a])).rejects.toMatchObject({ code: '23514' });
    await db.pool.query(link, [a, c]); // a diamond, not a cycle
  });
});
