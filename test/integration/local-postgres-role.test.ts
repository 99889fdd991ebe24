/**
 * The embedded PostgreSQL's Aurora-master-like role (local/postgres/app-role.ts;
 * AWS "Understanding the rds_superuser role": the master user is NOSUPERUSER
 * with CREATEDB and CREATEROLE). A cluster kept by `npm start` from before the
 * role existed holds a database the superuser owns: after a restart the role
 * must own it and its objects, so later migrations can alter them.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type RunningPostgres } from '../../local/postgres.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

let dir: string;
let server: RunningPostgres | undefined;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await worldTraversableTempDir('mkt-role-');
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the app role of the embedded PostgreSQL', () => {
  it('takes over a database the superuser made, with its tables, sequences, functions and types, across a restart', async () => {
    const dataDir = path.join(dir, 'pgdata');
    server = await startEmbeddedPostgres({ dataDir, persistent: true, fast: true });
    await withClient(server.url(), (c) => c.query('CREATE DATABASE legacy'));
    await withClient(server.url('legacy'), (c) =>
      c.query(`CREATE SCHEMA old;
        CREATE TYPE old.mood AS ENUM ('ok');
        CREATE TABLE old.t (id serial PRIMARY KEY, n int GENERATED ALWAYS AS IDENTITY, m old.mood);
        CREATE TABLE public.p (id int);
        CREATE VIEW old.v AS SELECT id FROM old.t;
        CREATE FUNCTION old.f() RETURNS int LANGUAGE sql AS 'SELECT 1';`),
    );
    await server.stop();

    server = await startEmbeddedPostgres({ dataDir, persistent: true, fast: true });
    await server.handOver('legacy');
    await server.handOver('legacy'); // idempotent: npm start calls it on every start
    const owners = await withClient(server.appUrl('legacy'), async (c) => {
      await c.query(`ALTER TABLE old.t ADD COLUMN note text; ALTER TABLE public.p ADD COLUMN note text;
        CREATE OR REPLACE VIEW old.v AS SELECT id, note FROM old.t;
        CREATE OR REPLACE FUNCTION old.f() RETURNS int LANGUAGE sql AS 'SELECT 2';
        ALTER TYPE old.mood ADD VALUE 'good';
        INSERT INTO old.t (m) VALUES ('ok')`);
      const { rows } = await c.query(`SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS sup,
          (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS db_owner,
          (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'old.t_id_seq'::regclass) AS seq_owner`);
      return rows[0];
    });
    expect(owners).toEqual({ me: server.appUser, sup: false, db_owner: server.appUser, seq_owner: server.appUser });
  });
});
