/**
 * Least privilege in the database, against the real PostgreSQL through the
 * local Data API, which logs in as the role of each call's secret as Aurora's
 * Data API does: the roles `applyDatabaseRoles` makes (what the migration
 * custom resource and the local stack run), what each can and cannot do, that
 * running it again converges to the same privileges, and that a function
 * declared `read` cannot write through the HTTP API either, answering the
 * generic problem, not PostgreSQL's words.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { domains, gatewayRoutes, routes } from '../../lambdas/app.js';
import { readFeedByTokenHash } from '../../lambdas/calendar-feeds/repository.js';
import { DatabaseError } from '../../lambdas/platform/db/errors.js';
import { createDataApiClient, createDataApiExecutor, resetExecutorForTests } from '../../lambdas/platform/db/index.js';
import type { SqlExecutor } from '../../lambdas/platform/db/executor.js';
import type { DatabaseAccess } from '../../lambdas/platform/http/domain.js';
import { INTERNAL_ERROR_DETAIL } from '../../lambdas/platform/http/error-mapping.js';
import { APPLICATION_SCHEMAS, applyDatabaseRoles } from '../../lambdas/workers/migrator/database-roles.js';
import { startLocalDataApi, type LocalDataApi } from '../../local/data-api/index.js';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from '../../local/dev-auth.js';
import { startLocalHttpApi, type LocalHttpApi } from '../../local/http-api/index.js';
import { loadDomainAsDeployed, localDatabaseSecrets, type LocalDatabaseSecrets } from '../../local/postgres/function-logins.js';
import { TEST_RESOURCE_ARN } from '../support/data-api.js';
import { createTestDatabase, databaseUrl, type TestDatabase } from '../support/db.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

const MASTER_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:roles-test';
// Roles are server-wide and test files share one server: names of this file's own.
const suffix = randomBytes(4).toString('hex');
const names: Record<DatabaseAccess, string> = { write: `t_${suffix}_writer`, read: `t_${suffix}_reader` };

let db: TestDatabase;
let secrets: LocalDatabaseSecrets;
let dataApi: LocalDataApi;
const calls: { operation: string; secretArn: unknown }[] = [];
const executors: Partial<Record<DatabaseAccess | 'master', SqlExecutor>> = {};

function executorFor(who: DatabaseAccess | 'master'): SqlExecutor {
  const secretArn = who === 'master' ? MASTER_ARN : secrets.secretArnFor(who);
  return (executors[who] ??= createDataApiExecutor({ client: dataApiClient(), resourceArn: TEST_RESOURCE_ARN, secretArn, database: db.name }));
}

let sdk: ReturnType<typeof createDataApiClient> | undefined;
const dataApiClient = () => (sdk ??= createDataApiClient(dataApi.endpoint));

/** The PostgreSQL failure of a statement, as the executor reports it. */
async function failureOf(work: Promise<unknown>): Promise<DatabaseError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

/** Every privilege the role holds in this database: tables and views, columns, sequences, default privileges (from the catalogs: information_schema is slow here). */
async function privilegesOf(role: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ p: string }>(
    `SELECT format('%s %s.%s %s', CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END, n.nspname, c.relname, x.privilege_type) AS p
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) x
      WHERE x.grantee = to_regrole($1)
     UNION ALL
     SELECT format('column %s.%s.%s %s', n.nspname, c.relname, a.attname, x.privilege_type)
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(a.attacl) x
      WHERE x.grantee = to_regrole($1)
     UNION ALL
     SELECT format('default %s %s %s', n.nspname, d.defaclobjtype, x.privilege_type)
       FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) x
      WHERE x.grantee = to_regrole($1)
     ORDER BY 1`,
    [role],
  );
  return rows.map((r) => r.p);
}

beforeAll(async () => {
  db = await createTestDatabase();
  secrets = localDatabaseSecrets({ masterSecretArn: MASTER_ARN, masterUrl: databaseUrl, names });
  dataApi = await startLocalDataApi({
    connectionStringFor: secrets.connectionStringFor,
    onCall: (operation, body) => calls.push({ operation, secretArn: (body as { secretArn?: unknown }).secretArn }),
  });
  // What schema/94 gave the master in the template holds for the template's database only; give it this one too.
  await db.pool.query(`ALTER ROLE current_user IN DATABASE ${db.name} SET statement_timeout = '20s'`);
  await applyDatabaseRoles(executorFor('master'), secrets.logins);
});

afterAll(async () => {
  sdk?.destroy();
  await dataApi?.stop();
  await db?.drop();
  // The roles hold privileges only in the dropped database: nothing else keeps them.
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  for (const role of Object.values(names)) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

describe('the write role (API domains and workers)', () => {
  it('reads and writes application tables in every schema', async () => {
    const writer = executorFor('write');
    const inserted = await writer.query<{ id: string; segment_id: string }>(
      "INSERT INTO marketing.segments (segment_name) VALUES ('by the writer') RETURNING id, segment_id",
    );
    // The business id comes from a sequence: USAGE on sequences is granted.
    expect(inserted.rows[0]!.segment_id).toMatch(/^SEG-/);
    await writer.query('UPDATE marketing.segments SET segment_name = :name WHERE id = CAST(:id AS uuid)', { name: 'renamed', id: inserted.rows[0]!.id });
    await writer.query("INSERT INTO directory.contacts (full_name) VALUES ('A contact')");
    await writer.query("INSERT INTO public.mkt_channels (code, name, channel_type) VALUES ('roles_test', 'Roles test', 'email')");
    await writer.query("DELETE FROM public.mkt_channels WHERE code = 'roles_test'");
    await writer.query('DELETE FROM marketing.segments WHERE id = CAST(:id AS uuid)', { id: inserted.rows[0]!.id });
    const { rows } = await writer.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBeGreaterThan(10);
  });

  it('cannot run DDL, TRUNCATE, or write the migration ledger', async () => {
    const writer = executorFor('write');
    const refusals = [
      'CREATE TABLE marketing.intruder (id integer)',
      'CREATE TABLE public.intruder (id integer)',
      'ALTER TABLE marketing.segments ADD COLUMN intruder integer',
      'DROP TABLE marketing.segment_members',
      'CREATE INDEX intruder ON marketing.segments (segment_name)',
      'TRUNCATE marketing.segment_members',
      "INSERT INTO public.schema_migrations (file, sha256, statements) VALUES ('x.sql', 'x', 1)",
      'DELETE FROM public.schema_migrations',
      'CREATE SCHEMA intruder',
      'CREATE ROLE intruder',
    ];
    for (const sql of refusals) {
      const error = await failureOf(writer.query(sql));
      // 42501 insufficient_privilege; 42501 also for "must be owner of table".
      expect({ sql, sqlState: error.sqlState }).toEqual({ sql, sqlState: '42501' });
    }
    const columns = await db.pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'segments' AND column_name = 'intruder'");
    expect(columns.rows).toHaveLength(0);
  });

  it('inherits the master statement_timeout (schema/94) in this database', async () => {
    const { rows } = await executorFor('write').query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('20s');
  });

  it('reaches tables a later schema file adds, without the roles being set up again (default privileges)', async () => {
    await executorFor('master').query('CREATE TABLE marketing_ops.roles_test_later (id integer PRIMARY KEY)');
    await executorFor('write').query('INSERT INTO marketing_ops.roles_test_later (id) VALUES (1)');
    const { rows } = await executorFor('read').query<{ id: number }>('SELECT id FROM marketing_ops.roles_test_later');
    expect(rows).toEqual([{ id: 1 }]);
    expect((await failureOf(executorFor('read').query('DELETE FROM marketing_ops.roles_test_later'))).sqlState).toBe('42501');
  });
});

describe('the read role (health, calendar feeds)', () => {
  it('reads, and every write is refused with permission denied', async () => {
    const reader = executorFor('read');
    const { rows } = await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBeGreaterThan(10);
    const before = await db.pool.query('SELECT count(*)::int AS n FROM marketing.segments');
    for (const sql of [
      "INSERT INTO marketing.segments (segment_name) VALUES ('by the reader')",
      "UPDATE public.mkt_channels SET name = 'x'",
      'DELETE FROM directory.contacts',
      "UPDATE marketing_ops.calendar_feed_tokens SET label = 'x'",
      'UPDATE marketing_ops.calendar_feed_tokens SET last_used_at = now()',
      'CREATE TABLE marketing.reader_intruder (id integer)',
    ]) {
      expect({ sql, sqlState: (await failureOf(reader.query(sql))).sqlState }).toEqual({ sql, sqlState: '42501' });
    }
    expect((await db.pool.query('SELECT count(*)::int AS n FROM marketing.segments')).rows).toEqual(before.rows);
  });

  it('serves a calendar feed by token with SELECT alone', async () => {
    const calendar = await db.pool.query<{ id: string }>("INSERT INTO marketing.content_calendars (calendar_name) VALUES ('Feed') RETURNING id");
    const hash = createHash('sha256').update('roles-test-token').digest('hex');
    await db.pool.query('INSERT INTO marketing_ops.calendar_feed_tokens (calendar_id, token_sha256) VALUES ($1, $2)', [calendar.rows[0]!.id, hash]);

    const feed = await readFeedByTokenHash(executorFor('read'), hash);

    expect(feed?.calendar).toMatchObject({ calendar_name: 'Feed' });
  });
});

describe('setting the roles up', () => {
  it('covers exactly the schemas the schema files create tables in', async () => {
    const { rows } = await db.pool.query<{ schema: string }>(
      `SELECT DISTINCT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.schema)).toEqual([...APPLICATION_SCHEMAS].sort());
  });

  it('is idempotent: a second run leaves the same privileges and moves the login to the new password', async () => {
    const before = { write: await privilegesOf(names.write), read: await privilegesOf(names.read) };
    expect(before.write).toContain('table marketing.segments INSERT');
    expect(before.write).not.toContain('table marketing.segments TRUNCATE');
    expect(before.write).toContain('table public.schema_migrations SELECT');
    expect(before.write).not.toContain('table public.schema_migrations INSERT');
    expect(before.read).toContain('table marketing_ops.calendar_feed_tokens SELECT');
    expect(before.read.filter((p) => / (INSERT|DELETE|UPDATE|TRUNCATE)$/.test(p))).toEqual([]);
    // A privilege granted by hand beyond the declaration is taken back.
    await db.pool.query(`GRANT TRUNCATE ON marketing.segments TO ${names.write}`);
    const oldLogin = new URL(secrets.connectionStringFor(db.name, secrets.secretArnFor('write')));

    const again = localDatabaseSecrets({ masterSecretArn: MASTER_ARN, masterUrl: databaseUrl, names });
      await applyDatabaseRoles(executorFor('master'), again.logins);
  
    expect({ write: await privilegesOf(names.write), read: await privilegesOf(names.read) }).toEqual(before);
    const connect = async (url: string) => {
      const c = new pg.Client({ connectionString: url });
      try {
        await c.connect();
        return (await c.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    await expect(connect(oldLogin.toString())).rejects.toThrow(/password authentication failed/);
    expect(await connect(again.connectionStringFor(db.name, again.secretArnFor('write')))).toBe(names.write);
    secrets = again;
      await dataApi.stop();
      sdk?.destroy();
    sdk = undefined;
    for (const key of Object.keys(executors)) delete executors[key as keyof typeof executors];
    dataApi = await startLocalDataApi({
      connectionStringFor: secrets.connectionStringFor,
      onCall: (operation, body) => calls.push({ operation, secretArn: (body as { secretArn?: unknown }).secretArn }),
    });
  });

  it('refuses a role that already exists with more than login rights, and changes nothing', async () => {
    const elevated = `t_${suffix}_elevated`;
    await db.pool.query(`CREATE ROLE ${elevated} LOGIN CREATEROLE`);
    try {
      const error = await applyDatabaseRoles(executorFor('master'), [{ access: 'read', username: elevated, password: 'a'.repeat(24) }]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(new RegExp(`role ${elevated} exists with more than login rights`));
      expect(await privilegesOf(elevated)).toEqual([]);
    } finally {
      await db.pool.query(`DROP ROLE ${elevated}`);
    }
  });

  it('refuses names and passwords it would have to quote, without echoing the password', async () => {
    const master = executorFor('master');
    await expect(applyDatabaseRoles(master, [{ access: 'write', username: 'Bad-Name', password: 'p'.repeat(24) }])).rejects.toThrow(/not a plain lower-case/);
    await expect(applyDatabaseRoles(master, [{ access: 'write', username: 'pg_writer', password: 'p'.repeat(24) }])).rejects.toThrow(/not a plain lower-case/);
    const secret = "it's a secret with spaces";
    const error = await applyDatabaseRoles(master, [{ access: 'write', username: `t_${suffix}_q`, password: secret }]).catch((e: Error) => e);
    expect(String(error)).toMatch(/printable ASCII/);
    expect(String(error)).not.toContain(secret);
  });
});

describe('through the HTTP API, each function with the secret its declaration names', () => {
  let http: LocalHttpApi;
  let token: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, {
      DB_CLUSTER_ARN: TEST_RESOURCE_ARN,
      DB_SECRET_ARN: secrets.secretArnFor('write'),
      DB_NAME: db.name,
      DATA_API_ENDPOINT: dataApi.endpoint,
    });
    resetExecutorForTests();
    const scratch = await worldTraversableTempDir('mkt-roles-');
    const key = await loadDevSigningKey(`${scratch}/dev-key.json`);
    token = await mintToken('admin', 'roles-admin', { key });
    http = await startLocalHttpApi({
      gateway: gatewayRoutes,
      routes,
      jwt: { key: key.publicKey, kid: key.kid, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      // As the local stack loads them (local/stack.ts); segments stands for a function wrongly declared `read`.
      loadHandler: (domain) =>
        loadDomainAsDeployed(domain, secrets, domains.map((d) => (d.name === 'segments' ? { ...d, access: { ...d.access, database: 'read' as const } } : d))),
    });
  });

  afterAll(async () => {
    await http?.stop();
    process.env = saved;
    resetExecutorForTests();
  });

  it('health declares read and its calls carry the read secret', async () => {
    expect(domains.find((d) => d.name === 'health')?.access?.database).toBe('read');
    calls.length = 0;
    // Readiness is the health route that reads the database (liveness makes no call).
    const response = await fetch(`${http.url}/v1/health/ready`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.secretArn))).toEqual(new Set([secrets.secretArnFor('read')]));
  });

  it('a write by a read-only function is refused: the generic 500 problem, no PostgreSQL text, nothing written', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM marketing.segments');
    const response = await fetch(`${http.url}/v1/segments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ segment_name: 'Refused' }),
    });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status: 500, detail: INTERNAL_ERROR_DETAIL });
    expect(text).not.toMatch(/permission|denied|marketing\.segments|42501|_reader/i);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM marketing.segments')).rows).toEqual(before.rows);
  });

  it('a write by a function declared write succeeds, with the write secret', async () => {
    calls.length = 0;
    const response = await fetch(`${http.url}/v1/calendars`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ calendar_name: 'Written' }),
    });
    expect(response.status).toBe(201);
    expect(new Set(calls.map((c) => c.secretArn))).toEqual(new Set([secrets.secretArnFor('write')]));
  });

  it('an unknown secret is refused by the local Data API as AWS does (SecretsErrorException)', async () => {
    const error = await failureOf(
      createDataApiExecutor({ client: dataApiClient(), resourceArn: TEST_RESOURCE_ARN, secretArn: `${MASTER_ARN}-nobody`, database: db.name }).query('SELECT 1'),
    );
    expect(error.exceptionName).toBe('SecretsErrorException');
  });
});
