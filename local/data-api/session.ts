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

export async function releaseClean(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('DISCARD ALL');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : new Error(String(error)));
  }
}
