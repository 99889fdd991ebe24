/**
 * The schema-migration custom resource sets up the function roles: it reads
 * each secret its properties name (Secrets Manager mocked: we cannot run it),
 * then creates the login roles with those passwords and their privileges in
 * the real PostgreSQL through the Data API, after the schema; run twice, it
 * converges; a replaced secret alone is an Update that moves the password.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationHandler, PHYSICAL_RESOURCE_ID } from '../../lambdas/workers/migrator/custom-resource.js';
import { combinedHash, loadSchemaFiles } from '../../lambdas/workers/migrator/index.js';
import { loginUrl } from '../../local/postgres/function-logins.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';
import { createEmptyDatabase, databaseUrl, type TestDatabase } from '../support/db.js';

const SCHEMA = path.resolve(import.meta.dirname, '../../schema');
const suffix = randomBytes(4).toString('hex');
const WRITER = `t_${suffix}_cr_writer`;
const READER = `t_${suffix}_cr_reader`;
const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
const password = () => randomBytes(24).toString('base64url');

const secretsManager = mockClient(SecretsManagerClient);
let stored: Record<string, string> = {};

const base = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/MarketingOps-dev-Stateless/1',
  LogicalResourceId: 'SchemaMigration',
  ResourceType: 'Custom::SchemaMigration',
  RequestId: 'req',
};

const props = (hash: string, writerArn = ARN('writer'), readerArn = ARN('reader')) => ({
  ServiceToken: base.ServiceToken,
  SchemaHash: hash,
  DatabaseRoles: [
    { Access: 'write', SecretArn: writerArn },
    { Access: 'read', SecretArn: readerArn },
  ],
});

let db: TestDatabase;
let dataApi: TestDataApi;
let hash: string;
const handler = () => createMigrationHandler({ executor: () => dataApi.executor, schemaDir: SCHEMA, log: () => undefined });

/** Logs in as `user` with `pass` and reports who it is, or the refusal. */
async function loginAs(user: string, pass: string): Promise<string> {
  const client = new pg.Client({ connectionString: loginUrl(databaseUrl(db.name), user, pass) });
  try {
    await client.connect();
    return (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function tablePrivileges(role: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ p: string }>(
    `SELECT format('%s.%s %s', n.nspname, c.relname, x.privilege_type) AS p
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) x
      WHERE x.grantee = to_regrole($1) ORDER BY 1`,
    [role],
  );
  return rows.map((r) => r.p);
}

beforeAll(async () => {
  db = await createEmptyDatabase();
  dataApi = await startTestDataApi(db);
  hash = combinedHash(await loadSchemaFiles(SCHEMA));
});

beforeEach(() => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const value = stored[input.SecretId];
    if (value === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' });
    return { ARN: input.SecretId, SecretString: value };
  });
});

afterAll(async () => {
  secretsManager.restore();
  await dataApi?.stop();
  await db?.drop();
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  for (const role of [WRITER, READER]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

describe('database roles through the migration custom resource', () => {
  const passwords = { writer: password(), reader: password() };

  it('Create applies the schema, then creates each login role with the password of its secret', async () => {
    stored = {
      [ARN('writer')]: JSON.stringify({ username: WRITER, password: passwords.writer }),
      [ARN('reader')]: JSON.stringify({ username: READER, password: passwords.reader }),
    };
    const event: CloudFormationCustomResourceEvent = { ...base, RequestType: 'Create', ResourceProperties: props(hash) };

    const response = await handler()(event);

    expect(response).toMatchObject({ PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { SchemaHash: hash, Roles: `${WRITER},${READER}` } });
    expect(response.Data.AppliedCount).toBeGreaterThan(10);
    // Exactly the secrets the properties name, each once.
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId).sort()).toEqual([ARN('reader'), ARN('writer')]);
    expect(await loginAs(WRITER, passwords.writer)).toBe(WRITER);
    expect(await loginAs(READER, passwords.reader)).toBe(READER);
    expect(await tablePrivileges(WRITER)).toContain('marketing.content INSERT');
    expect(await tablePrivileges(READER)).toContain('marketing.content SELECT');
    expect(await tablePrivileges(READER)).not.toContain('marketing.content INSERT');
  });

  it('runs again (an Update with the same files) without error and leaves the same roles and privileges', async () => {
    const before = { writer: await tablePrivileges(WRITER), reader: await tablePrivileges(READER) };
    const event: CloudFormationCustomResourceEvent = {
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      ResourceProperties: props(hash),
      OldResourceProperties: props(hash),
    };

    const first = await handler()(event);
    const second = await handler()(event);

    for (const response of [first, second]) expect(response.Data).toMatchObject({ AppliedCount: 0, Roles: `${WRITER},${READER}` });
    expect({ writer: await tablePrivileges(WRITER), reader: await tablePrivileges(READER) }).toEqual(before);
    const { rows } = await db.pool.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[WRITER, READER]]);
    expect(rows).toHaveLength(2);
    expect(await loginAs(WRITER, passwords.writer)).toBe(WRITER);
  });

  it('a replaced secret alone is an Update that moves the role to the new password', async () => {
    const replaced = ARN('writer-2');
    const next = password();
    stored[replaced] = JSON.stringify({ username: WRITER, password: next });
    const event: CloudFormationCustomResourceEvent = {
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      ResourceProperties: props(hash, replaced),
      OldResourceProperties: props(hash),
    };

    await handler()(event);

    expect(await loginAs(WRITER, next)).toBe(WRITER);
    expect(await loginAs(WRITER, passwords.writer)).toMatch(/password authentication failed/);
    passwords.writer = next;
  });

  it('fails the resource, naming the secret but never its value, when a secret is malformed or unreadable', async () => {
    const bad = ARN('bad');
    stored[bad] = JSON.stringify({ username: WRITER, password: 'short' });
    const malformed = await handler()({ ...base, RequestType: 'Create', ResourceProperties: props(hash, bad) }).catch((e: Error) => e);
    expect(String(malformed)).toMatch(/^Error: Database roles failed: the password for t_[0-9a-f]{8}_cr_writer must be at least 16 printable ASCII/);
    expect(String(malformed)).not.toContain('short');

    const missing = await handler()({ ...base, RequestType: 'Create', ResourceProperties: props(hash, ARN('gone')) }).catch((e: Error) => e);
    expect(String(missing)).toMatch(/Database roles failed: reading the role secrets: Secrets Manager can't find the specified secret/);
    // Nothing changed: the role keeps its password.
    expect(await loginAs(WRITER, passwords.writer)).toBe(WRITER);
  });

  it('a rollback Update never fails on the roles: an unreadable old secret is logged and the roles stay as they are', async () => {
    // The template rolled back to asks for the schema before the newest file, which the database already holds.
    const previous = combinedHash((await loadSchemaFiles(SCHEMA)).slice(0, -1));
    const lines: string[] = [];
    const rollback = createMigrationHandler({ executor: () => dataApi.executor, schemaDir: SCHEMA, log: (m) => lines.push(m) });
    const event: CloudFormationCustomResourceEvent = {
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      ResourceProperties: props(previous, ARN('deleted-old-writer')),
      OldResourceProperties: props(hash),
    };

    const response = await rollback(event);

    expect(response.Data).toMatchObject({ SchemaHash: hash, AppliedCount: 0, Roles: '' });
    expect(lines.some((l) => /^rollback: database roles left as they are \(Database roles failed: reading the role secrets/.test(l))).toBe(true);
    expect(await loginAs(WRITER, passwords.writer)).toBe(WRITER);
    // The same unreadable secret in a forward Update still fails the resource.
    const forward = await handler()({ ...event, ResourceProperties: props(hash, ARN('deleted-old-writer')) }).catch((e: Error) => e);
    expect(String(forward)).toMatch(/Database roles failed: reading the role secrets/);
  });

  it('Delete reads no secret and keeps the roles', async () => {
    const response = await handler()({ ...base, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_RESOURCE_ID, ResourceProperties: props(hash) });
    expect(response).toMatchObject({ PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Roles: '' } });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(await loginAs(READER, passwords.reader)).toBe(READER);
  });

  it('a template without DatabaseRoles (from before the roles) sets none up', async () => {
    const response = await handler()({ ...base, RequestType: 'Create', ResourceProperties: { ServiceToken: base.ServiceToken, SchemaHash: hash } });
    expect(response.Data.Roles).toBe('');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
