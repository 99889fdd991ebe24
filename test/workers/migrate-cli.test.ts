/** `npm run migrate` applies schema/ to the target the environment names, and says what it applied. */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RESOURCE_ARN, TEST_SECRET_ARN, startTestDataApi, type TestDataApi } from '../support/data-api.js';
import { createEmptyDatabase, type TestDatabase } from '../support/db.js';

const run = promisify(execFile);
const SCHEMA_FILES = readdirSync(path.resolve('schema')).filter((f) => f.endsWith('.sql')).length;

function migrateCli(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DB_|DATA_API_ENDPOINT)/.test(k)));
  return run(process.execPath, ['--import', 'tsx', path.resolve('local/migrate.ts')], { env: { ...clean, ...env }, timeout: 120_000 });
}

let viaPg: TestDatabase;
let viaDataApi: TestDatabase;
let dataApi: TestDataApi;
beforeAll(async () => {
  viaPg = await createEmptyDatabase();
  viaDataApi = await createEmptyDatabase();
  dataApi = await startTestDataApi(viaDataApi);
});
afterAll(async () => {
  await dataApi.stop();
  await viaPg.drop();
  await viaDataApi.drop();
});

describe('npm run migrate', () => {
  it('applies every file to DATABASE_URL once, then nothing', async () => {
    const first = await migrateCli({ DATABASE_URL: viaPg.url });
    expect(first.stdout).toContain(`Applied ${SCHEMA_FILES} file(s)`);
    const { rows } = await viaPg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBe(SCHEMA_FILES);
    const second = await migrateCli({ DATABASE_URL: viaPg.url });
    expect(second.stdout).toContain(`Applied 0 file(s); ${SCHEMA_FILES} already applied.`);
  });

  it('applies through the Data API when DB_CLUSTER_ARN, DB_SECRET_ARN and DB_NAME are set', async () => {
    const out = await migrateCli({
      DB_CLUSTER_ARN: TEST_RESOURCE_ARN,
      DB_SECRET_ARN: TEST_SECRET_ARN,
      DB_NAME: viaDataApi.name,
      DATA_API_ENDPOINT: dataApi.endpoint,
    });
    expect(out.stdout).toContain('through the Data API');
    expect(out.stdout).toContain(`Applied ${SCHEMA_FILES} file(s)`);
    const { rows } = await viaDataApi.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBe(SCHEMA_FILES);
  });

  it('names what is missing from a partial Data API target and exits non-zero', async () => {
    const failed = await migrateCli({ DB_CLUSTER_ARN: TEST_RESOURCE_ARN }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/needs DB_SECRET_ARN, DB_NAME as well/);
  });
});
