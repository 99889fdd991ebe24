/**
 * vitest globalSetup: one embedded PostgreSQL 17 per test run, with a template
 * database migrated once from schema/. Test files clone it (test/support/db.ts).
 * Everything after the server's start runs as its Aurora-master-like role
 * (local/postgres/app-role.ts), as on Aurora: the template, the clones and the
 * local Data API's connections are that role's, never the superuser's.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadSchemaFiles, migrate } from '../../lambdas/workers/migrator/index.js';
import { pgExecutor } from '../../local/pg-executor.js';
import { noteNodeSupportOnce } from '../../local/node-support.js';
import { startEmbeddedPostgres } from '../../local/postgres.js';

export const TEMPLATE_DATABASE = 'mkt_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL template of the test server, as its Aurora-master-like role, with `{db}` where the database name goes. */
    postgresUrlTemplate: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Once for the run; the workers inherit the SDK's switch from vitest.config.ts.
  noteNodeSupportOnce();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mkt-test-pg-'));
  // mkdtemp makes a 0700 folder; the server may run as the `postgres` user and must reach inside.
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), persistent: false, fast: true });
  try {
    const admin = new pg.Client({ connectionString: server.appUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: server.appUrl(TEMPLATE_DATABASE), max: 2 });
    try {
      await migrate({ executor: pgExecutor(pool), files: await loadSchemaFiles(path.resolve('schema')) });
    } finally {
      await pool.end();
    }
  } catch (error) {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('postgresUrlTemplate', server.appUrl('{db}').replace('%7Bdb%7D', '{db}'));
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
