/**
 * A local RDS Data API endpoint: the service's REST-JSON protocol (POST
 * /Execute, /BatchExecute, /BeginTransaction, /CommitTransaction,
 * /RollbackTransaction) over node-postgres, so `@aws-sdk/client-rds-data`
 * runs unchanged with only `endpoint` and dummy credentials changed. It
 * reproduces the documented rules and limits (see statement.ts, encode.ts,
 * bind-params.ts, transactions.ts) and logs in as the role of the request's
 * secret (`connectionStringFor`); signatures are not checked.
 */
import { randomUUID } from 'node:crypto';
import { keepIdleConnections } from '../idle-connections.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { WireParameter } from './bind-params.js';
import { Catalog } from './catalog.js';
import { checkRequestFields } from './request-checks.js';
import { releaseClean } from './session.js';
import { badRequest, statementTimeout, toServiceError, ServiceError } from './service-error.js';
import { DEFAULT_LIMITS, buildResponse, prepare, runBound, type ExecuteRequest, type Limits } from './statement.js';
import { Transactions } from './transactions.js';
import { connectOrUnavailable } from './unavailable.js';

export interface LocalDataApiOptions {
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /**
   * Connection string for a request: its `database` field, logged in as the
   * role of its `secretArn`, as the Data API logs in with the credentials of the
   * secret it is handed. Throw `secretsError(arn)` for a secret it does not know.
   * (The test harness ignores the secret: every call runs as the master-like role.)
   */
  connectionStringFor: (database: string, secretArn: string | undefined) => string;
  /** Used when a request names no database. Default `postgres`. */
  defaultDatabase?: string;
  /** Idle transactions are rolled back after this long. Default 3 minutes, as in AWS. */
  idleTransactionMs?: number;
  /** Transactions are rolled back at this age. Default 24 h, as in AWS. */
  maxTransactionMs?: number;
  /** A call's statement is cancelled after this long unless `continueAfterTimeout`. Default 45 s, as in AWS. */
  callTimeoutMs?: number;
  /** Request body limit. Default 4 MiB, as in AWS. */
  maxRequestBytes?: number;
  limits?: Partial<Limits>;
  /** Connections per database. Default 10. */
  poolSize?: number;
  /** Called once per API call with its operation (`Execute`, ...): tests count calls per request with it. */
  onCall?: (operation: string, body: unknown) => void;
}

export interface LocalDataApi {
  endpoint: string;
  stop(): Promise<void>;
}

interface DatabaseHandle {
  /** The connection string: one pool per database and role. */
  url: string;
  pool: pg.Pool;
  catalog: Catalog;
}

interface TransactionRequest {
  resourceArn?: string;
  secretArn?: string;
  database?: string;
  transactionId?: string;
}

interface BatchRequest extends ExecuteRequest {
  parameterSets?: WireParameter[][];
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(badRequest(`Request size ${size} bytes exceeds the limit of ${limit} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(body);
}

export async function startLocalDataApi(options: LocalDataApiOptions): Promise<LocalDataApi> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const callTimeoutMs = options.callTimeoutMs ?? 45_000;
  const maxRequestBytes = options.maxRequestBytes ?? 4 * 1024 * 1024;
  const databases = new Map<string, DatabaseHandle>();
  const transactions = new Transactions({
    idleMs: options.idleTransactionMs ?? 3 * 60_000,
    maxAgeMs: options.maxTransactionMs ?? 24 * 3_600_000,
  });

  /** The pool for a request's database as its secret's role. */
  function database(name: string | undefined, secretArn: string | undefined): DatabaseHandle {
    return poolFor(options.connectionStringFor(name || options.defaultDatabase || 'postgres', secretArn));
  }

  function poolFor(url: string): DatabaseHandle {
    let handle = databases.get(url);
    if (!handle) {
      const pool = new pg.Pool({
        connectionString: url,
        max: options.poolSize ?? 10,
        // Data API sessions run in UTC: timestamptz values come back in UTC, TIMESTAMP hints are read as UTC.
        options: '-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres',
      });
      pool.on('error', () => undefined); // an idle connection dropped by the server; the pool replaces it
      handle = { url, pool, catalog: new Catalog() };
      databases.set(url, handle);
    }
    return handle;
  }

  /**
   * Runs `statement` with the call timeout. Returns the response promise and,
   * separately, when the connection is free again (later than the response
   * when `continueAfterTimeout` lets the statement run on).
   */
  function timed<T>(client: pg.PoolClient, pool: pg.Pool, continueAfterTimeout: boolean, statement: () => Promise<T>) {
    const running = statement();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const pid = (client as unknown as { processID?: number }).processID;
        if (!continueAfterTimeout && pid !== undefined) {
          void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
        }
        reject(statementTimeout(pid));
      }, callTimeoutMs);
    });
    const response = Promise.race([running, timeout]).finally(() => clearTimeout(timer));
    return { response, settled: running.finally(() => clearTimeout(timer)) };
  }

  async function onConnection<T>(
    body: { database?: string; secretArn?: string; transactionId?: string; continueAfterTimeout?: boolean },
    work: (client: pg.PoolClient, handle: DatabaseHandle) => Promise<T>,
  ): Promise<T> {
    if (body.transactionId) {
      return transactions.use(body.transactionId, (client) => {
        // A transaction keeps the connection (and so the role) it began with.
        const handle = poolFor(transactions.databaseOf(body.transactionId as string));
        return timed(client, handle.pool, body.continueAfterTimeout === true, () => work(client, handle));
      });
    }
    const handle = database(body.database, body.secretArn);
    const client = await connectOrUnavailable(() => handle.pool.connect());
    // The pool's listener is off while a client is checked out: a backend that dies mid-call fails the call's
    // query, and its 'error' event must not go uncaught and end the process.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    const { response, settled } = timed(client, handle.pool, body.continueAfterTimeout === true, () => work(client, handle));
    const release = (): Promise<void> => releaseClean(client, ignore);
    void settled.then(release, release);
    return response;
  }

  async function execute(body: ExecuteRequest & TransactionRequest): Promise<string> {
    const bound = await prepare(body.sql, body.parameters, limits);
    return onConnection(body, async (client, handle) => {
      const result = await runBound(client, bound);
      return buildResponse(client, handle.catalog, body, result, limits);
    });
  }

  async function batchExecute(body: BatchRequest & TransactionRequest): Promise<string> {
    const sets = body.parameterSets && body.parameterSets.length > 0 ? body.parameterSets : [[]];
    const bound = await Promise.all(sets.map((set) => prepare(body.sql, set, limits)));
    return onConnection(body, async (client) => {
      // Outside a transaction the batch is all or nothing, like one JDBC batch in one transaction.
      const own = !body.transactionId;
      if (own) await client.query('BEGIN');
      try {
        for (const statement of bound) await runBound(client, statement);
        if (own) await client.query('COMMIT');
      } catch (error) {
        if (own) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      const updateResults = body.parameterSets && body.parameterSets.length > 0 ? bound.map(() => ({ generatedFields: [] })) : [];
      return JSON.stringify({ updateResults });
    });
  }

  async function beginTransaction(body: TransactionRequest): Promise<string> {
    const handle = database(body.database, body.secretArn);
    const client = await connectOrUnavailable(() => handle.pool.connect());
    return JSON.stringify({ transactionId: await connectOrUnavailable(() => transactions.begin(handle.url, client)) });
  }

  async function finishTransaction(body: TransactionRequest, command: 'COMMIT' | 'ROLLBACK'): Promise<string> {
    await transactions.finish(body.transactionId, command);
    return JSON.stringify({ transactionStatus: command === 'COMMIT' ? 'Transaction Committed' : 'Rollback Complete' });
  }

  const routes: Record<string, (body: never) => Promise<string>> = {
    '/Execute': execute,
    '/BatchExecute': batchExecute,
    '/BeginTransaction': beginTransaction,
    '/CommitTransaction': (body: TransactionRequest) => finishTransaction(body, 'COMMIT'),
    '/RollbackTransaction': (body: TransactionRequest) => finishTransaction(body, 'ROLLBACK'),
  };

  const server = keepIdleConnections(createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = req.method === 'POST' ? routes[path] : undefined;
    if (!route) {
      send(res, 404, JSON.stringify({ message: `Unknown operation ${req.method} ${path}` }), 'UnknownOperationException');
      return;
    }
    void (async () => {
      try {
        const text = await readBody(req, maxRequestBytes);
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          throw new ServiceError('SerializationException', 400, 'Request body is not valid JSON');
        }
        if (body === null || typeof body !== 'object') throw badRequest('Request body must be a JSON object');
        options.onCall?.(path.slice(1), body);
        checkRequestFields(body);
        send(res, 200, await route(body as never));
      } catch (error) {
        const failure = toServiceError(error);
        send(res, failure.status, JSON.stringify({ message: failure.message, ...failure.extra }), failure.type);
      }
    })();
  }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await transactions.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...databases.values()].map((d) => d.pool.end().catch(() => undefined)));
    },
  };
}

