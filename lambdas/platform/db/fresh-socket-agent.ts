/**
 * Keep-alive agents that never hand out a socket that has sat idle longer
 * than `maxIdleMs`, measured by the wall clock when a request asks for one.
 *
 * Why: the Data API client runs with `maxAttempts: 1` (a retried write could
 * apply twice), so a request written into a connection the server has
 * already closed fails as ECONNRESET / EPIPE and becomes a 500. A live Node
 * process notices a closed connection (the FIN or RST arrives, the agent
 * drops the socket), but a Lambda environment frozen between invocations
 * does not: on thaw, the handler's first call can take the dead socket from
 * the free list before the event loop has read the close. Timers do not help
 * either (they run after the invocation's I/O callback). Checking the socket's
 * idle time at the moment of reuse does: after a freeze longer than the limit,
 * the first call opens a new connection (one TLS handshake) instead.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/** Well under the idle timeouts of AWS's load balancers (60 s by default), so a socket younger than this is still open. */
export const DEFAULT_MAX_IDLE_MS = 20_000;

const IDLE_SINCE = Symbol('idleSince');

type TrackedSocket = Socket & { [IDLE_SINCE]?: number };

export interface FreshSocketOptions {
  maxIdleMs?: number;
  /** The clock; tests freeze it. */
  now?: () => number;
}

type AgentInternals = {
  freeSockets: NodeJS.ReadOnlyDict<TrackedSocket[]>;
  getName(options: unknown): string;
  keepSocketAlive(socket: Socket): boolean;
  addRequest(request: http.ClientRequest, options: unknown): void;
};

/** Makes `agent` stamp sockets as they go idle and destroy stale ones before it picks one for a request. */
function refuseStaleSockets<A extends http.Agent>(agent: A, options: FreshSocketOptions): A {
  const maxIdleMs = options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS;
  const now = options.now ?? Date.now;
  const internals = agent as unknown as AgentInternals;
  const keepSocketAlive = internals.keepSocketAlive.bind(agent);
  const addRequest = internals.addRequest.bind(agent);
  internals.keepSocketAlive = (socket: TrackedSocket) => {
    const keep = keepSocketAlive(socket);
    if (keep) socket[IDLE_SINCE] = now();
    return keep;
  };
  internals.addRequest = (request, requestOptions) => {
    const free = internals.freeSockets[internals.getName(requestOptions)] ?? [];
    const at = now();
    // Node's agent skips destroyed sockets when it picks a free one, so destroying here is enough.
    for (const socket of free) if (at - (socket[IDLE_SINCE] ?? at) > maxIdleMs) socket.destroy();
    addRequest(request, requestOptions);
  };
  return agent;
}

export function freshSocketAgents(options: FreshSocketOptions = {}): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  // The SDK's own default agents: keep-alive, at most 50 sockets per host.
  const agentOptions = { keepAlive: true, maxSockets: 50 };
  return {
    httpAgent: refuseStaleSockets(new http.Agent(agentOptions), options),
    httpsAgent: refuseStaleSockets(new https.Agent(agentOptions), options),
  };
}
