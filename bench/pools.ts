/**
 * pg pools for the bench. `pool.end()` resolves before its sockets are closed,
 * so stopping PostgreSQL right after it makes each still-open client receive
 * 57P01 (admin_shutdown) as an 'error' event with no listener, which crashed
 * the process and lost every figure. Every pool and client gets a listener.
 */
import pg from 'pg';

const SHUTDOWN = '57P01';

function onError(error: Error & { code?: string }): void {
  if (error.code !== SHUTDOWN) process.stderr.write(`bench: idle pg connection failed: ${error.message}\n`);
}

export function benchPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
