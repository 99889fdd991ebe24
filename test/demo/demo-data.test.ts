/**
 * `npm run demo` against a real local stack: what it loads (through the API,
 * uploads ingested), that a second run writes nothing at all (every application
 * table's md5 unchanged), and that a run finishes what an earlier one left out.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStackFiles } from '../../local/stack-file.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');

let stack: LocalStack;
let dataDir: string;
let db: pg.Client;

async function demo(): Promise<string> {
  const { stdout } = await run(TSX, ['local/demo/run.ts'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOCAL_DATA_DIR: dataDir }, timeout: 120_000 });
  return stdout;
}

/** Every application table's row count and md5 of its rows. */
async function snapshot(): Promise<Map<string, string>> {
  const { rows: tables } = await db.query<{ t: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'marketing', 'marketing_ops', 'property', 'directory', 'reservations', 'property_listings')
      ORDER BY 1`,
  );
  const out = new Map<string, string>();
  for (const { t } of tables) {
    const { rows } = await db.query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS h FROM ${t} x`);
    out.set(t, `${rows[0]!.n}:${rows[0]!.h ?? ''}`);
  }
  return out;
}

const one = async <T>(sql: string): Promise<T> => (await db.query(sql)).rows[0] as T;

beforeAll(async () => {
  dataDir = await worldTraversableTempDir('mkt-demo-');
  stack = await startLocalStack({ dataDir, persistent: false });
  // What npm start writes for the demo; this process stands for it (its pid is alive).
  await writeStackFiles(
    dataDir,
    { pid: process.pid, api: stack.url, databaseUrl: stack.databaseUrl, startedAt: new Date().toISOString() },
    { api: stack.url, databaseUrl: stack.databaseUrl, dataDir, tokens: stack.tokens },
  );
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
}, 180_000);
afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('loads the documented dataset through the API, with ingested uploads', { timeout: 180_000 }, async () => {
    const out = await demo();
    expect(out).toContain('Created 15 records through the API');
    expect(out).not.toContain('Note:'); // every business ID is the documented one
    expect(await one(`SELECT version, (SELECT count(*)::int FROM marketing.content_versions v WHERE v.content_id = c.id) AS versions
                        FROM marketing.content c WHERE content_id = 'CON-010001'`)).toEqual({ version: 2, versions: 2 });
    expect(await one(`SELECT is_template FROM marketing.content WHERE content_id = 'CON-010002'`)).toEqual({ is_template: true });
    const assets = await db.query(`SELECT asset_id, status, mime_type, dimensions FROM marketing.content_library ORDER BY asset_id`);
    expect(assets.rows).toEqual([
      { asset_id: 'ASSET-010001', status: 'active', mime_type: 'image/jpeg', dimensions: { width: 640, height: 427 } },
      { asset_id: 'ASSET-010002', status: 'active', mime_type: 'image/png', dimensions: { width: 320, height: 200 } },
      { asset_id: 'ASSET-010003', status: 'active', mime_type: 'image/jpeg', dimensions: { width: 400, height: 600 } },
    ]);
    expect(await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE is_hero)::int AS heroes FROM marketing.property_content`)).toEqual({ n: 2, heroes: 1 });
    expect(await one(`SELECT count(*)::int AS n FROM marketing.calendar_items`)).toEqual({ n: 3 });
    expect(await one(`SELECT string_agg(segment_id || '=' || member_count, ',' ORDER BY segment_id) AS s FROM marketing.segments`)).toEqual({ s: 'SEG-010001=2,SEG-010002=1' });
    expect(await one(`SELECT count(*)::int AS n FROM marketing.campaign_events`)).toEqual({ n: 3 });
    // The token went through the API's sealing, not straight into the table.
    expect(await one(`SELECT access_token LIKE 'loc1.%' AS sealed FROM marketing.social_accounts WHERE social_account_id = 'SA-010001'`)).toEqual({ sealed: true });
    expect(await one(`SELECT count(*)::int AS n FROM public.mkt_campaign_segment_assignments`)).toEqual({ n: 2 });
  });

  it('writes nothing on a second run, and says so', { timeout: 120_000 }, async () => {
    const before = await snapshot();
    const out = await demo();
    expect(out).toContain('Nothing to do: all 15 API records and 8 database rows of the demo are already there.');
    const after = await snapshot();
    expect([...after].filter(([t, h]) => before.get(t) !== h).map(([t]) => t)).toEqual([]);
  });

  it('finishes what is missing, and only that', { timeout: 120_000 }, async () => {
    await db.query(`DELETE FROM marketing.calendar_items WHERE title = 'Summer blog post'`);
    const out = await demo();
    expect(out).toContain('  completed calendar "Villa Azul social" (3 items)');
    expect(out).toContain('Created 0 records through the API, completed 1 record (14 were already there).');
    expect(await one(`SELECT count(*)::int AS n FROM marketing.calendar_items WHERE title = 'Summer blog post'`)).toEqual({ n: 1 });
  });
});
