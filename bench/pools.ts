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

/** `settings`: session settings every connection starts with (sent in the startup packet, so no query races the first one). */
export function benchPool(connectionString: string, max: number, settings: Record<string, string> = {}): pg.Pool {
  const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ');
  const pool = new pg.Pool({ connectionString, max, ...(options ? { options } : {}) });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
