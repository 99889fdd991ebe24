/**
 * Data API transactions: an id per BeginTransaction holding one connection,
 * calls within it strictly sequential (a second concurrent call fails as in
 * AWS), rolled back after an idle period (3 minutes in AWS, configurable for
 * tests) or a maximum age (24 h), or when its connection breaks. A failed
 * statement does not end it: as on Aurora, the id stays valid until
 * RollbackTransaction (or `ROLLBACK TO SAVEPOINT` recovers it); data-api-client's
 * "should handle rollback callback" test, run against Aurora PostgreSQL, calls
 * RollbackTransaction after a failed statement and needs it to succeed
 * (jeremydaly/data-api-client integration-tests/postgres.int.test.ts).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { databaseError, isPgError, transactionNotFound } from './service-error.js';
import { ignoreLateErrors, releaseClean } from './session.js';

export interface Transaction {
  id: string;
  /** The connection string it began on (database and role), for the server's pool of that pair. */
  database: string;
  client: pg.PoolClient;
  busy: boolean;
}

interface Entry extends Transaction {
  idleTimer?: NodeJS.Timeout;
  ageTimer: NodeJS.Timeout;
  onError: () => void;
}

export interface TransactionOptions {
  idleMs: number;
  maxAgeMs: number;
}

export class Transactions {
  private readonly open = new Map<string, Entry>();
  /** Why a recently ended id is gone, appended to "is not found" as the service does. */
  private readonly ended = new Map<string, string>();

  constructor(private readonly options: TransactionOptions) {}

  async begin(database: string, client: pg.PoolClient): Promise<string> {
    try {
      await client.query('BEGIN');
    } catch (error) {
      ignoreLateErrors(client);
      client.release(error as Error);
      throw error;
    }
    const id = randomBytes(48).toString('base64');
    const entry: Entry = {
      id,
      database,
      client,
      busy: false,
      ageTimer: setTimeout(() => this.endQuietly(id, 'Transaction may be expired'), this.options.maxAgeMs),
      onError: () => this.endQuietly(id, 'One previous call resulted in a termination of your transaction'),
    };
    // A checked-out client has no listener of the pool's: without one, a backend that dies between calls
    // (pg_terminate_backend, a server restart) emits an uncaught 'error' and takes the process down.
    client.on('error', entry.onError);
    entry.ageTimer.unref();
    this.open.set(id, entry);
    this.touch(entry);
    return id;
  }

  private touch(entry: Entry): void {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => this.endQuietly(entry.id, 'Transaction may be expired'), this.options.idleMs);
    entry.idleTimer.unref();
  }

  private lookup(id: string | undefined): Entry {
    const entry = id ? this.open.get(id) : undefined;
    if (!entry) throw transactionNotFound(id ?? '', id ? this.ended.get(id) : undefined);
    return entry;
  }

  /**
   * Runs `work` on the transaction's connection. `work` returns the statement's
   * own promise separately from the response so the transaction stays busy
   * until PostgreSQL is done (a statement may outlive its call after a timeout).
   */
  async use<T>(id: string | undefined, work: (client: pg.PoolClient) => { response: Promise<T>; settled: Promise<unknown> }): Promise<T> {
    const entry = this.lookup(id);
    if (entry.busy) throw databaseError('Transaction is still running a query');
    entry.busy = true;
    clearTimeout(entry.idleTimer);
    const { response, settled } = work(entry.client);
    let broken = false;
    void settled
      .catch((error: unknown) => {
        // PostgreSQL refused the statement: the transaction block is aborted but alive (SQLSTATE 25P02 for
        // later statements until ROLLBACK [TO SAVEPOINT]). Anything else means the connection is unusable.
        broken = !isPgError(error) || error.severity === 'FATAL' || error.severity === 'PANIC';
      })
      .then(() => {
        entry.busy = false;
        if (broken) this.endQuietly(entry.id, 'Transaction has been aborted due to an error from a previous call');
        else if (this.open.has(entry.id)) this.touch(entry);
      });
    return response;
  }

  databaseOf(id: string): string {
    return this.lookup(id).database;
  }

  async finish(id: string | undefined, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const entry = this.lookup(id);
    if (entry.busy) throw databaseError('Transaction is still running a query');
    await this.end(entry.id, command, 'One previous call resulted in a termination of your transaction');
  }

  /**
   * Rolls back from a timer or event, where nobody awaits the outcome: a
   * failed ROLLBACK (the connection is gone) has already destroyed the
   * connection in end(), and the id reports `reason` from now on.
   */
  private endQuietly(id: string, reason: string): void {
    this.end(id, 'ROLLBACK', reason).catch(() => undefined);
  }

  private async end(id: string, command: 'COMMIT' | 'ROLLBACK', reason: string): Promise<void> {
    const entry = this.open.get(id);
    if (!entry) return;
    this.open.delete(id);
    this.ended.set(id, reason);
    if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value as string);
    clearTimeout(entry.idleTimer);
    clearTimeout(entry.ageTimer);
    let result: { command?: string };
    try {
      result = await entry.client.query(command);
    } catch (error) {
      ignoreLateErrors(entry.client);
      entry.client.off('error', entry.onError);
      entry.client.release(error as Error);
      throw error;
    }
    // A plain SET inside the transaction outlives COMMIT: reset before the connection serves other calls.
    await releaseClean(entry.client, entry.onError);
    // COMMIT of an aborted transaction block rolls it back and PostgreSQL answers with the tag ROLLBACK.
    // Reporting "Transaction Committed" would hide lost writes, so the call fails (pgjdbc's wording).
    if (command === 'COMMIT' && result.command === 'ROLLBACK') {
      throw databaseError('The database returned ROLLBACK, so the transaction cannot be committed.');
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.end(id, 'ROLLBACK', 'The endpoint stopped').catch(() => undefined)));
  }
}
