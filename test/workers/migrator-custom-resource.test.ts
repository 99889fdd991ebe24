/**
 * The schema-migration custom resource against a real PostgreSQL: Create,
 * Update with a new file, Update unchanged, Delete, a failing file and a
 * resuming cluster, checked through the response CloudFormation would get.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrationHandler, PHYSICAL_RESOURCE_ID } from '../../lambdas/workers/migrator/custom-resource.js';
import type { MigrationResponse } from '../../lambdas/workers/migrator/custom-resource.js';
import { combinedHash, compareSchemaNames, loadSchemaFiles } from '../../lambdas/workers/migrator/index.js';
import type { SqlExecutor } from '../../lambdas/platform/db/executor.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';
import { createEmptyDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

const SCHEMA = path.resolve(import.meta.dirname, '../../schema');

interface CloudFormationResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  Data?: MigrationResponse['Data'];
}

/**
 * What the custom-resources Provider framework sends CloudFormation for our
 * handler's outcome (aws-cdk-lib 2.276 provider-framework/runtime: framework.js
 * createResponseEvent/defaultPhysicalResourceId, cfn-response.js safeHandler/submitResponse):
 * the handler's PhysicalResourceId or the default one, the handler's Data,
 * and on a throw FAILED with the error message as Reason.
 */
async function respond(
  handler: (event: CloudFormationCustomResourceEvent) => Promise<MigrationResponse>,
  event: CloudFormationCustomResourceEvent,
): Promise<CloudFormationResponse> {
  const fallbackId = event.RequestType === 'Create' ? event.RequestId : event.PhysicalResourceId;
  try {
    const result = await handler(event);
    const physical = result.PhysicalResourceId || fallbackId;
    if (event.RequestType === 'Delete' && physical !== event.PhysicalResourceId) throw new Error('DELETE changed the physical id');
    return { Status: 'SUCCESS', Reason: 'SUCCESS', PhysicalResourceId: physical, Data: result.Data };
  } catch (error) {
    const physical = event.RequestType === 'Create' ? 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' : fallbackId;
    return { Status: 'FAILED', Reason: (error as Error).message, PhysicalResourceId: physical };
  }
}

const base = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/MarketingOps-dev-Stateless/1',
  LogicalResourceId: 'SchemaMigration',
  ResourceType: 'Custom::SchemaMigration',
};

function create(hash: string): CloudFormationCustomResourceEvent {
  return { ...base, RequestType: 'Create', RequestId: 'req-create', ResourceProperties: { ServiceToken: base.ServiceToken, SchemaHash: hash } };
}

function update(oldHash: string, hash: string): CloudFormationCustomResourceEvent {
  return {
    ...base,
    RequestType: 'Update',
    RequestId: `req-update-${hash.slice(0, 6)}`,
    PhysicalResourceId: PHYSICAL_RESOURCE_ID,
    ResourceProperties: { ServiceToken: base.ServiceToken, SchemaHash: hash },
    OldResourceProperties: { ServiceToken: base.ServiceToken, SchemaHash: oldHash },
  };
}

function remove(hash: string): CloudFormationCustomResourceEvent {
  return {
    ...base,
    RequestType: 'Delete',
    RequestId: 'req-delete',
    PhysicalResourceId: PHYSICAL_RESOURCE_ID,
    ResourceProperties: { ServiceToken: base.ServiceToken, SchemaHash: hash },
  };
}

describe('schema migration custom resource (through the local Data API endpoint)', () => {
  let db: TestDatabase;
  let dataApi: TestDataApi;
  let dir: string;
  let executor: SqlExecutor;
  const hashOf = async () => combinedHash(await loadSchemaFiles(dir));
  const handler = () => createMigrationHandler({ executor: () => executor, schemaDir: dir, log: () => undefined });
  const tableExists = async (name: string) =>
    (await db.pool.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name])).rows[0]!.ok;
  // In apply order (numeric prefix), as loadSchemaFiles lists them.
  const ledger = async () =>
    (await db.pool.query<{ file: string }>('SELECT file FROM public.schema_migrations')).rows.map((r) => r.file).sort(compareSchemaNames);

  beforeAll(async () => {
    db = await createEmptyDatabase();
    // The deployed handler reaches Aurora through the Data API; so does this test.
    dataApi = await startTestDataApi(db);
    executor = dataApi.executor;
    dir = await mkdtemp(path.join(tmpdir(), 'schema-cr-'));
    await cp(SCHEMA, dir, { recursive: true });
  });
  afterAll(async () => {
    await dataApi.stop();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  let created: string;

  it('Create applies every schema file and succeeds with a stable physical id', async () => {
    created = await hashOf();
    const response = await respond(handler(), create(created));

    const files = (await loadSchemaFiles(dir)).map((f) => f.name);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_RESOURCE_ID });
    expect(response.Data).toMatchObject({ SchemaHash: created, AppliedCount: files.length, SkippedCount: 0 });
    expect(await ledger()).toEqual(files);
    expect(await tableExists('marketing.social_posts')).toBe(true);
  });

  let withNewFile: string;

  it('Update with a new file applies only that file', async () => {
    await writeFile(path.join(dir, '999_cr_test_added.sql'), 'CREATE TABLE public.cr_test_added (id integer PRIMARY KEY);\n');
    withNewFile = await hashOf();
    expect(withNewFile).not.toBe(created);

    const response = await respond(handler(), update(created, withNewFile));

    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_RESOURCE_ID });
    expect(response.Data).toMatchObject({ SchemaHash: withNewFile, Applied: '999_cr_test_added.sql', AppliedCount: 1 });
    expect(response.Data!.SkippedCount).toBe((await ledger()).length - 1);
    expect(await tableExists('public.cr_test_added')).toBe(true);
  });

  it('a rollback Update asking for the previous schema succeeds as a no-op while the bundle is already newer', async () => {
    const before = await ledger();

    // CloudFormation rolls the resource back before the function's code: the request carries the old hash.
    const response = await respond(handler(), update(withNewFile, created));

    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_RESOURCE_ID });
    expect(response.Data).toMatchObject({ SchemaHash: withNewFile, Applied: '', AppliedCount: 0 });
    expect(await ledger()).toEqual(before);
  });

  it('Update with unchanged files touches nothing', async () => {
    const before = await ledger();
    // Drop a table the migrator would notice: an unchanged update must not even look.
    await db.pool.query('DROP TABLE public.cr_test_added');

    const response = await respond(handler(), update(withNewFile, withNewFile));

    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_RESOURCE_ID });
    expect(response.Data).toMatchObject({ AppliedCount: 0, SkippedCount: 0 });
    expect(await ledger()).toEqual(before);
    expect(await tableExists('public.cr_test_added')).toBe(false);
  });

  it('Delete is a no-op that keeps the schema and data', async () => {
    await db.pool.query("INSERT INTO marketing.segments (segment_name) VALUES ('kept')");

    const response = await respond(handler(), remove(withNewFile));

    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_RESOURCE_ID });
    const { rows } = await db.pool.query("SELECT 1 FROM marketing.segments WHERE segment_name = 'kept'");
    expect(rows).toHaveLength(1);
  });

  it('a failing file reports file, line and PostgreSQL message, and leaves nothing of it applied', async () => {
    await writeFile(
      path.join(dir, '999_cr_test_broken.sql'),
      ['-- a broken migration', 'CREATE TABLE public.cr_test_half (id integer);', '', 'ALTER TABLE public.no_such_table ADD COLUMN x integer;', ''].join('\n'),
    );
    const broken = await hashOf();

    const response = await respond(handler(), update(withNewFile, broken));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(
      'Schema migration failed in 999_cr_test_broken.sql at line 4: relation "public.no_such_table" does not exist',
    );
    expect(response.PhysicalResourceId).toBe(PHYSICAL_RESOURCE_ID);
    expect(await tableExists('public.cr_test_half')).toBe(false);
    expect(await ledger()).not.toContain('999_cr_test_broken.sql');
    await rm(path.join(dir, '999_cr_test_broken.sql'));
  });

  it('the rollback after a failed file succeeds as a no-op and leaves the failed file unapplied', async () => {
    await writeFile(path.join(dir, '999_cr_test_broken.sql'), 'ALTER TABLE public.no_such_table ADD COLUMN x integer;\n');
    const broken = await hashOf();
    expect((await respond(handler(), update(withNewFile, broken))).Status).toBe('FAILED');

    const response = await respond(handler(), update(broken, withNewFile));

    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { SchemaHash: broken, AppliedCount: 0 } });
    expect(await ledger()).not.toContain('999_cr_test_broken.sql');
    await rm(path.join(dir, '999_cr_test_broken.sql'));
  });

  it('caps a long failure reason at 1 KB of UTF-8, without splitting a character', async () => {
    await writeFile(path.join(dir, '999_cr_test_long_error.sql'), "DO $$ BEGIN RAISE EXCEPTION '%', repeat('é', 3000); END $$;\n");
    const hash = await hashOf();

    const response = await respond(handler(), update(withNewFile, hash));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^Schema migration failed in 999_cr_test_long_error\.sql at line 1: é+…$/);
    expect(Buffer.byteLength(response.Reason)).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(response.Reason)).toBeGreaterThan(1000);
    await rm(path.join(dir, '999_cr_test_long_error.sql'));
  });

  it('a bundle whose files do not match the template hash is refused before anything runs', async () => {
    await writeFile(path.join(dir, '999_cr_test_late.sql'), 'CREATE TABLE public.cr_test_late (id integer);\n');

    const response = await respond(handler(), update(withNewFile, 'f'.repeat(64)));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^Schema migration refused: bundled files hash [0-9a-f]{64} but the template expects f{64}/);
    expect(await tableExists('public.cr_test_late')).toBe(false);
    await rm(path.join(dir, '999_cr_test_late.sql'));
  });

  it('retries while the cluster resumes, then migrates', async () => {
    await writeFile(path.join(dir, '999_cr_test_after_resume.sql'), 'CREATE TABLE public.cr_test_after_resume (id integer);\n');
    const hash = await hashOf();
    // Fault injection: the Data API answers DatabaseResumingException twice before the cluster is up.
    let refusals = 2;
    const resuming: SqlExecutor = {
      query: (sql, params) => executor.query(sql, params),
      transaction: (work) => {
        if (refusals-- > 0) {
          const error = new Error('The Aurora DB instance db-X is resuming after being auto-paused.');
          error.name = 'DatabaseResumingException';
          return Promise.reject(error);
        }
        return executor.transaction(work);
      },
    };
    const delays: number[] = [];
    const retrying = createMigrationHandler({
      executor: () => resuming,
      schemaDir: dir,
      sleep: async (ms) => void delays.push(ms),
      log: () => undefined,
    });

    const response = await respond(retrying, update(withNewFile, hash));

    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { Applied: '999_cr_test_after_resume.sql' } });
    expect(delays).toHaveLength(2);
    expect(await tableExists('public.cr_test_after_resume')).toBe(true);
  });

  it('gives up after the attempt limit with a FAILED response', async () => {
    const hash = await hashOf();
    const alwaysResuming: SqlExecutor = {
      query: () => Promise.reject(Object.assign(new Error('resuming'), { name: 'DatabaseResumingException' })),
      transaction: () => Promise.reject(Object.assign(new Error('resuming'), { name: 'DatabaseResumingException' })),
    };
    const retrying = createMigrationHandler({
      executor: () => alwaysResuming,
      schemaDir: dir,
      maxAttempts: 3,
      sleep: async () => undefined,
      log: () => undefined,
    });

    const response = await respond(retrying, update('old', hash));

    expect(response).toMatchObject({ Status: 'FAILED', Reason: 'Schema migration failed: resuming' });
  });

  it('caps the Applied list at 2000 bytes of UTF-8, however long the file names', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `999_cr_test_${'é'.repeat(100)}_${String(i).padStart(2, '0')}.sql`);
    for (const name of names) await writeFile(path.join(dir, name), 'SELECT 1;\n');
    const response = await respond(handler(), update('old', await hashOf()));

    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { AppliedCount: names.length } });
    const applied = response.Data!.Applied;
    expect(Buffer.byteLength(applied)).toBeLessThanOrEqual(2000);
    expect(applied.startsWith(`${names[0]},${names[1]},`)).toBe(true);
    expect(applied).not.toContain('\uFFFD');
  });
});
