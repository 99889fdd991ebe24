import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  compareSchemaNames,
  ChangedFileError,
  LEDGER_TABLE,
  MigrationError,
  loadSchemaFiles,
  migrate,
  readLedger,
  schemaFile,
} from '../../lambdas/workers/migrator/index.js';
import { pgExecutor } from '../../local/pg-executor.js';
import { createEmptyDatabase, type TestDatabase } from '../support/db.js';

const SCHEMA_DIR = path.resolve('schema');

let db: TestDatabase;
beforeEach(async () => {
  db = await createEmptyDatabase();
});
afterEach(async () => {
  await db.drop();
});

async function tableNames(): Promise<string[]> {
  const { rows } = await db.pool.query<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

describe('migrator', () => {
  it('applies every schema file in lexical order on an empty database and records each in the ledger', async () => {
    const files = await loadSchemaFiles(SCHEMA_DIR);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort(compareSchemaNames));
    const result = await migrate({ executor: pgExecutor(db.pool), files });
    expect(result.applied).toEqual(files.map((f) => f.name));
    const ledger = await readLedger(pgExecutor(db.pool));
    // The ledger is read in name order, which is not the apply order once a 100_ file exists.
    expect(Object.fromEntries(ledger.map((e) => [e.file, e.sha256]))).toEqual(Object.fromEntries(files.map((f) => [f.name, f.sha256])));
    expect(ledger).toHaveLength(files.length);
    expect(ledger.every((e) => e.statements > 0)).toBe(true);
    expect(await tableNames()).toContain('public.profiles');
  });

  it('is a no-op when run again', async () => {
    const files = await loadSchemaFiles(SCHEMA_DIR);
    await migrate({ executor: pgExecutor(db.pool), files });
    const before = await readLedger(pgExecutor(db.pool));
    const again = await migrate({ executor: pgExecutor(db.pool), files });
    expect(again.applied).toEqual([]);
    expect(again.skipped).toEqual(files.map((f) => f.name));
    expect(await readLedger(pgExecutor(db.pool))).toEqual(before);
  });

  it('refuses an applied file whose content changed, naming it, and applies nothing after it', async () => {
    const first = schemaFile('10_a.sql', 'CREATE TABLE a (id int);');
    await migrate({ executor: pgExecutor(db.pool), files: [first] });
    const changed = schemaFile('10_a.sql', 'CREATE TABLE a (id int, extra text);');
    const later = schemaFile('20_b.sql', 'CREATE TABLE b (id int);');
    const attempt = migrate({ executor: pgExecutor(db.pool), files: [changed, later] });
    await expect(attempt).rejects.toBeInstanceOf(ChangedFileError);
    await expect(attempt).rejects.toThrow(/10_a\.sql was already applied/);
    expect(await tableNames()).not.toContain('public.b');
  });

  it('rolls a failing file back completely and names file, line and PostgreSQL message', async () => {
    const good = schemaFile('10_good.sql', 'CREATE TABLE kept (id int);');
    await migrate({ executor: pgExecutor(db.pool), files: [good] });
    const ledgerBefore = await readLedger(pgExecutor(db.pool));
    const tablesBefore = await tableNames();
    const bad = schemaFile(
      '20_bad.sql',
      [
        '-- creates a table, then fails',
        'CREATE TABLE half_done (id int);',
        'INSERT INTO half_done VALUES (1);',
        '',
        'INSERT INTO missing_table VALUES (1);',
      ].join('\n'),
    );
    const error = await migrate({ executor: pgExecutor(db.pool), files: [good, bad] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ file: '20_bad.sql', line: 5 });
    expect((error as MigrationError).databaseMessage).toMatch(/relation "missing_table" does not exist/);
    expect((error as Error).message).toMatch(/^20_bad\.sql:5: /);
    expect(await tableNames()).toEqual(tablesBefore);
    expect(await readLedger(pgExecutor(db.pool))).toEqual(ledgerBefore);
  });

  it('reports a syntax error with its file and line before running anything of that file', async () => {
    const bad = schemaFile('30_syntax.sql', 'CREATE TABLE fine (id int);\nCREAT TABLE oops (id int);');
    await expect(migrate({ executor: pgExecutor(db.pool), files: [bad] })).rejects.toMatchObject({
      name: 'MigrationError',
      file: '30_syntax.sql',
      line: 2,
    });
    expect(await tableNames()).toEqual([LEDGER_TABLE]);
  });

  it('lets two migrators race without applying a file twice', async () => {
    const files = await loadSchemaFiles(SCHEMA_DIR);
    const [a, b] = await Promise.all([
      migrate({ executor: pgExecutor(db.pool), files }),
      migrate({ executor: pgExecutor(db.pool), files }),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(files.map((f) => f.name).sort());
  });
});

describe('schema files with plain psql', () => {
  it('apply in order with psql -v ON_ERROR_STOP=1 --single-transaction -f', async () => {
    const files = await loadSchemaFiles(SCHEMA_DIR);
    const dir = await mkdtemp(path.join(tmpdir(), 'psql-'));
    for (const file of files) {
      const target = path.join(dir, file.name);
      await writeFile(target, file.sql);
      // psql is the PostgreSQL client (Debian: postgresql-client); .ci/run installs it.
      execFileSync('psql', ['-v', 'ON_ERROR_STOP=1', '--single-transaction', '-q', '-d', db.url, '-f', target], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    }
    expect(await tableNames()).toContain('property.properties');
  });
});
