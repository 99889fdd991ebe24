/**
 * Gives each Data API call a clean session, as AWS does outside transactions:
 * a `SET TIME ZONE`, `SET ROLE`, temporary table or prepared statement left by
 * one call must not reach a later, unrelated call on the same pooled
 * connection. `DISCARD ALL` resets every setting to its connection-start value,
 * and the pool starts connections with `TimeZone=UTC` (server.ts), so UTC
 * comes back too. A connection that cannot be reset (still inside a
 * transaction block, or broken) is destroyed instead of reused.
 */
import type pg from 'pg';

/** For a connection that will never be reused: a late 'error' from its dying socket must find a listener. */
export function ignoreLateErrors(client: pg.PoolClient): void {
  client.on('error', () => undefined);
}

/**
 * Resets and returns a checked-out connection. `listener` is the caller's
 * 'error' listener, removed once the connection is back in the pool (where
 * the pool's own idle listener takes over), so listeners do not pile up.
 */
export async function releaseClean(client: pg.PoolClient, listener?: (error: Error) => void): Promise<void> {
  try {
    await client.query('DISCARD ALL');
  } catch (error) {
    ignoreLateErrors(client);
    if (listener) client.off('error', listener);
    client.release(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  if (listener) client.off('error', listener);
  client.release();
}
