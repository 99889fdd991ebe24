/**
 * Boots the local stack exactly as `npm start` does (a child process running
 * local/start.ts), talks to it over HTTP, stops it with SIGINT, and checks that
 * nothing is left behind: no process, no open port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/postgres.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

let child: ChildProcess;
let output = '';
let dataDir: string;
let baseUrl: string;
let viewerToken: string;

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern}; output:\n${output}`)), timeoutMs);
    const check = () => {
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}; output:\n${output}`)));
    check();
  });
}

function postgresProcessesFor(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dir]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

beforeAll(async () => {
  dataDir = await worldTraversableTempDir('mkt-stack-');
  const port = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', path.resolve('local/start.ts')], {
    env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(/Press Ctrl-C to stop\./, 90_000);
  baseUrl = output.match(/API running at (http:\/\/\S+)/)?.[1] ?? '';
  viewerToken = output.match(/viewer:\s+(\S+)/)?.[1] ?? '';
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the base URL, a token per role, the psql URL and what to run in a second terminal', async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const role of ['admin', 'marketer', 'viewer']) expect(output).toMatch(new RegExp(`${role}:\\s+ey`));
    const databaseUrl = output.match(/Database:\s+psql (postgres:\/\/app_master:\S+@127\.0\.0\.1:\d+\/marketing)/)?.[1] ?? '';
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    expect((await db.query('SELECT current_user AS u, current_database() AS d')).rows).toEqual([{ u: 'app_master', d: 'marketing' }]);
    await db.end();
    const envFile = path.join(dataDir, 'env.sh');
    expect(output).toContain(`source ${envFile}`);
    expect(output).toContain('curl -s -H "Authorization: Bearer $TOKEN" $API/v1/content/CON-010001');
    // What `source .local/env.sh` sets, as a shell reads it.
    const env = execFileSync('bash', ['-c', `source '${envFile}' && printf '%s\\n' "$API" "$LOCAL_DATABASE_URL" "$LOCAL_DATA_DIR" "$TOKEN"`], { env: {}, stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\n');
    expect(env.slice(0, 3)).toEqual([baseUrl, databaseUrl, dataDir]);
    expect(env[3]).toBe(output.match(/marketer:\s+(\S+)/)?.[1]);
    expect(statSync(envFile).mode & 0o077).toBe(0); // it holds tokens: this user's only
  });

  it('answers liveness at /v1/health, and the database and every applied migration at /v1/health/ready with a token', async () => {
    const live = await fetch(`${baseUrl}/v1/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${baseUrl}/v1/health/ready`)).status).toBe(401);
    const response = await fetch(`${baseUrl}/v1/health/ready`, { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { database: string; migrations: Array<{ file: string }> };
    expect(body.database).toBe('reachable');
    expect(body.migrations.map((m) => m.file)).toContain('81_marketing_content.sql');
  });

  it('refuses a protected route without a token and serves it with one', async () => {
    const anonymous = await fetch(`${baseUrl}/v1/reference/content-types`);
    expect(anonymous.status).toBe(401);
    const withToken = await fetch(`${baseUrl}/v1/reference/content-types`, {
      headers: { authorization: `Bearer ${viewerToken}` },
    });
    expect(withToken.status).toBe(200);
    const body = (await withToken.json()) as { data: Array<{ code: string }> };
    expect(body.data.map((r) => r.code)).toContain('newsletter');
  });

  it('answers CORS preflights for the local front-end dev servers, as a dev stage does, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${baseUrl}/v1/content`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toContain('/v1/reference/content-types');
    const docs = await fetch(`${baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('stops cleanly on SIGINT, leaving no process or port behind', async () => {
    const s3 = output.match(/Local S3:\s+(http:\/\/\S+)/)?.[1] ?? '';
    const dataApi = output.match(/Data API:\s+(http:\/\/\S+)/)?.[1] ?? '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await portOpen(baseUrl)).toBe(false);
    expect(await portOpen(s3)).toBe(false);
    expect(await portOpen(dataApi)).toBe(false);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    // What it told other commands is gone with it (npm run demo refuses a stack that is not running).
    expect(existsSync(path.join(dataDir, 'stack.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'env.sh'))).toBe(false);
  });
});
