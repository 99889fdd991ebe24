/**
 * The real thing, offline: `npm run synth` bundles every function with the
 * local esbuild (no Docker), runs cdk-nag as a synth-time validation, and the
 * migrator bundle it produces applies the schema through the (local) Data API
 * exactly as it would in Lambda.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDataApi } from '../../local/data-api/index.js';
import type { LocalDataApi } from '../../local/data-api/index.js';
import { createEmptyDatabase, databaseUrl } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const QUIET_CDK = { CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' };

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** The asset folder of the function with this service name (POWERTOOLS_SERVICE_NAME). */
function bundleOf(out: string, template: Template, service: string): string {
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Environment ?? {}).includes(`"POWERTOOLS_SERVICE_NAME":"${service}"`),
  );
  const key = (fn?.Properties.Code as { S3Key?: string } | undefined)?.S3Key;
  if (!key) throw new Error(`no bundled function ${service}`);
  return path.join(out, `asset.${key.replace(/\.zip$/, '')}`);
}

describe('npm run synth (real bundling, offline)', () => {
  let out: string;
  let stateless: Template;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'cdk-out-'));
    await run('npm', ['run', 'synth', '--', '-o', out, '--no-notices'], {
      cwd: ROOT,
      env: { ...process.env, ...QUIET_CDK },
      timeout: 240_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    stateless = JSON.parse(readFileSync(path.join(out, 'MarketingOps-dev-Stateless.template.json'), 'utf8')) as Template;
  }, 300_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes both templates and a minified ESM bundle with source map per function', () => {
    expect(existsSync(path.join(out, 'MarketingOps-dev-Stateful.template.json'))).toBe(true);
    for (const service of ['health', 'asset-ingest', 'segment-refresh', 'post-dispatch', 'migrator']) {
      const dir = bundleOf(out, stateless, service);
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
    }
    // The SDK is bundled into the functions that use it, not taken from the runtime.
    expect(readFileSync(path.join(bundleOf(out, stateless, 'health'), 'index.mjs'), 'utf8')).toContain('rds-data');
  });

  it('ships the schema files and the parser WASM with the migrator', () => {
    const dir = bundleOf(out, stateless, 'migrator');
    const repoFiles = readdirSync(path.join(ROOT, 'schema')).filter((f) => f.endsWith('.sql')).sort();
    expect(readdirSync(path.join(dir, 'schema')).sort()).toEqual(repoFiles);
    expect(existsSync(path.join(dir, 'libpg-query.wasm'))).toBe(true);
  });

  describe('the bundled migrator, run as Lambda would run it, against the local Data API', () => {
    let db: TestDatabase;
    let dataApi: LocalDataApi;

    beforeAll(async () => {
      db = await createEmptyDatabase();
      dataApi = await startLocalDataApi({ connectionStringFor: databaseUrl });
    });
    afterAll(async () => {
      await dataApi.stop();
      await db.drop();
    });

    it('applies every file on Create and answers with the template hash', async () => {
      const dir = bundleOf(out, stateless, 'migrator');
      const resource = Object.values(stateless.Resources).find((r) => r.Type === 'Custom::SchemaMigration')!;
      const hash = resource.Properties.SchemaHash as string;
      const event = { RequestType: 'Create', RequestId: 'r1', ResourceProperties: { SchemaHash: hash } };
      const script = `const { handler } = await import(${JSON.stringify(path.join(dir, 'index.mjs'))});
        process.stdout.write('RESULT' + JSON.stringify(await handler(${JSON.stringify(event)})));`;

      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          LAMBDA_TASK_ROOT: dir,
          AWS_REGION: 'eu-west-1',
          DB_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:marketing-ops-dev',
          DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local',
          DB_NAME: db.name,
          DATA_API_ENDPOINT: dataApi.endpoint,
        },
      });

      const result = JSON.parse(stdout.slice(stdout.indexOf('RESULT') + 6)) as { Data: { SchemaHash: string; AppliedCount: number } };
      const files = readdirSync(path.join(dir, 'schema')).length;
      expect(result).toMatchObject({ PhysicalResourceId: 'schema-migrations', Data: { SchemaHash: hash, AppliedCount: files } });
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM public.schema_migrations');
      expect(rows[0]).toEqual({ n: files });
    });
  });
});
