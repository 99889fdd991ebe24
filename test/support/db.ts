/**
 * Per-test-file databases on the run's embedded PostgreSQL: a clone of the
 * migrated template (fast: CREATE DATABASE ... TEMPLATE), or an empty one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export function databaseUrl(name: string): string {
  return inject('postgresUrlTemplate').replace('{db}', encodeURIComponent(name));
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function create(template: string | null): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const clause = template ? ` TEMPLATE ${template}` : '';
  await withAdmin(async (client) => {
    // Two clones of one template at the same instant can collide; retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name}${clause}`);
        return;
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  });
  const url = databaseUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // DROP DATABASE ... WITH (FORCE) terminates idle connections; that is expected, not a test failure.
  pool.on('error', () => undefined);
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A fresh database with every schema file applied. */
export function createTestDatabase(): Promise<TestDatabase> {
  return create(inject('templateDatabase'));
}

/** A fresh database with nothing in it (for migrator tests). */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return create(null);
}
