/**
 * A database that cannot take a connection right now (stopped, restarting,
 * shutting down, still starting) answers as the service does when the
 * cluster's writer is down: `DatabaseUnavailableException`, "The writer
 * instance in the DB cluster isn't available" (HTTP 504, botocore rds-data
 * 2018-08-01 model), not a generic 500. Only failures to *connect* are
 * reported so: the statement never ran, so a client may retry it safely. A
 * statement cut off mid-way (57P01 after it started) stays a
 * DatabaseErrorException carrying its SQLSTATE.
 */
import { ServiceError, isPgError } from './service-error.js';

/** SQLSTATEs PostgreSQL sends while it refuses or drops sessions: admin/crash shutdown, cannot connect now. */
const SHUTTING_DOWN = new Set(['57P01', '57P02', '57P03']);
/** Socket failures of a server that is not there (or went away while we connected). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isUnavailable(error: unknown): boolean {
  if (isPgError(error)) return SHUTTING_DOWN.has(error.code ?? '');
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK.has(code)) return true;
  // node-postgres's words when the server closes the socket during the handshake.
  return /Connection terminated|connection timeout/i.test((error as Error | null)?.message ?? '');
}

export const databaseUnavailable = (): ServiceError =>
  new ServiceError('DatabaseUnavailableException', 504, "The writer instance in the DB cluster isn't available.");

/** Connects, reporting a database that is not accepting connections as the service does. */
export async function connectOrUnavailable<T>(connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    throw isUnavailable(error) ? databaseUnavailable() : error;
  }
}
