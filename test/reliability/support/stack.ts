/**
 * The system under test: the real local stack (`local/stack.ts`, as `npm start`
 * runs it) on 127.0.0.1 in a throw-away folder, plus what a scenario needs
 * around it: SQL through the local Data API (the same path the handlers use),
 * and the embedded PostgreSQL's postmaster, found from its `postmaster.pid`, so
 * a scenario can kill it and start it again without restarting the stack.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createDataApiClient, createDataApiExecutor, type SqlExecutor } from '../../../lambdas/platform/db/index.js';
import { postgresDataDir, startLocalStack, type LocalStack } from '../../../local/stack.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../local/postgres.js';
import { worldTraversableTempDir } from '../../support/temp-dir.js';

export interface ReliabilityStack extends LocalStack {
  /** SQL on the stack's database through its Data API endpoint. */
  sql: SqlExecutor;
  /** Kills the postmaster as a crash would (SIGQUIT: immediate shutdown, WAL recovery on the next start). */
  killDatabase(): Promise<void>;
  /** Starts PostgreSQL again on the same data folder and port; the stack keeps running throughout. */
  startDatabase(): Promise<void>;
}

interface Postmaster {
  pid: number;
  port: number;
}

async function postmasterOf(pgdata: string): Promise<Postmaster> {
  // postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented layout).
  const lines = (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

export async function startReliabilityStack(): Promise<ReliabilityStack> {
  const dataDir = await worldTraversableTempDir('mkt-reliability-');
  const stack = await startLocalStack({ dataDir, persistent: false });
  const pgdata = postgresDataDir(dataDir, () => undefined);
  const { port } = await postmasterOf(pgdata);
  const client = createDataApiClient(stack.dataApiEndpoint);
  const sql = createDataApiExecutor({
    client,
    resourceArn: process.env.DB_CLUSTER_ARN ?? '',
    secretArn: process.env.DB_SECRET_ARN ?? '',
    database: process.env.DB_NAME ?? '',
  });
  let restarted: RunningPostgres | undefined;
  return {
    ...stack,
    sql,
    async killDatabase() {
      const { pid } = await postmasterOf(pgdata);
      process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 200 && !exited(pid); i++) await new Promise((r) => setTimeout(r, 50));
      if (!exited(pid)) throw new Error(`PostgreSQL (pid ${pid}) did not exit after SIGQUIT`);
    },
    async startDatabase() {
      await restarted?.stop();
      restarted = await startEmbeddedPostgres({ dataDir: pgdata, port, persistent: true, onUnexpectedExit: () => undefined });
    },
    async stop() {
      client.destroy();
      await restarted?.stop();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
