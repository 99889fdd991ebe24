/**
 * How long the local servers keep an idle keep-alive connection open.
 *
 * Node's default is 5 s. A client that reuses a connection idle for about that
 * long races the server's close, and it loses whenever the event loop stalls
 * (a 10,000-event body, a busy CI machine): the server's keep-alive timer runs
 * before the new request is read, and the client gets ECONNRESET — a 500
 * through the SDK, which does not retry (`maxAttempts: 1`), or a failed fetch.
 * The AWS endpoints these servers stand in for keep idle connections far
 * longer than 5 s, so a long idle limit is also the more faithful one.
 */
import type { Server } from 'node:http';

export const IDLE_CONNECTION_MS = 10 * 60_000;

export function keepIdleConnections(server: Server): Server {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  // Must exceed keepAliveTimeout, or the header timer would close idle connections first.
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000;
  return server;
}
