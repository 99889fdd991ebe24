/**
 * A transaction that code deeper in the call chain joins without being handed
 * it: inside `inAmbientTransaction(db, work)`, `getExecutor()` returns the
 * transaction, and a `transaction(...)` asked of it runs in it (flattened: the
 * Data API has no nested transactions). The idempotency wrapper uses it so
 * that a route's writes and the answer stored under its Idempotency-Key
 * commit together, without every domain knowing the key table.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlExecutor } from './executor.js';

const ambient = new AsyncLocalStorage<SqlExecutor>();

export function ambientTransaction(): SqlExecutor | undefined {
  return ambient.getStore();
}

/** Runs `work` in one transaction of `db` that `getExecutor()` hands out until `work` settles; commits when it resolves. */
export function inAmbientTransaction<T>(db: SqlExecutor, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  return db.transaction((tx) => {
    const joined: SqlExecutor = {
      query: (sql, params) => tx.query(sql, params),
      transaction: (inner) => inner(joined),
    };
    return ambient.run(joined, () => work(joined));
  });
}
