/**
 * The local API Gateway: an HTTP server with the same gateway routes the CDK
 * stack deploys (each domain's mounts, greedy, behind the JWT authorizer, and
 * each public route on its own). Each request becomes a payload-format-2.0
 * event for its domain's Lambda handler (the same module that is deployed),
 * whose own router picks the operation; API Gateway's own answers come from
 * here, as they would before any Lambda runs: 404 for no route, 401 from the
 * JWT authorizer, 413 over its payload limit.
 */
import { randomUUID } from 'node:crypto';
import { keepIdleConnections } from '../idle-connections.js';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import { createRouter } from '../../lambdas/platform/http/router.js';
import type { GatewayRoute } from '../../lambdas/platform/route-table.js';
import type { HttpApiEvent } from '../../lambdas/platform/http/event.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { applyCors } from './cors.js';
import type { CorsOptions } from './cors.js';
import { serveDocs } from './docs.js';
import { buildGatewayEvent } from './gateway-event.js';
import type { IncomingRequest } from './gateway-event.js';
import { verifyBearer } from './jwt-authorizer.js';
import type { JwtAuthorizerOptions } from './jwt-authorizer.js';
import { localLambdaContext } from './lambda-context.js';

/** API Gateway HTTP API's payload limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export type LambdaHandler = (event: HttpApiEvent, context: Context) => Promise<APIGatewayProxyResultV2 | undefined | void>;

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `lambdas/<domain>/handler.ts`'s `handler`, imported on first use (tsx and vitest load TypeScript directly). */
export async function importDomainHandler(domain: string): Promise<LambdaHandler> {
  const file = path.join(PROJECT_ROOT, 'lambdas', domain, 'handler.ts');
  const module = (await import(pathToFileURL(file).href)) as { handler?: LambdaHandler };
  if (typeof module.handler !== 'function') throw new Error(`${file} does not export a handler function`);
  return module.handler;
}

export interface LocalHttpApiOptions {
  /** API Gateway's routes (`gatewayRoutes` of the app): which domain's function serves a path, and whether it needs a JWT. */
  gateway: readonly GatewayRoute[];
  /** The operations documented at /openapi.json. */
  routes: readonly RouteDefinition[];
  /** Verification for JWT routes, as the deployed JWT authorizer is configured. */
  jwt: JwtAuthorizerOptions;
  /** 0 or omitted: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  loadHandler?: (domain: string) => Promise<LambdaHandler>;
  /** The document served at /openapi.json; generated from `routes` by default. */
  openApiDocument?: (serverUrl: string) => unknown;
  /** Answer CORS preflights and add allow headers for these origins (as the deployed API's CORS configuration). */
  cors?: CorsOptions;
  /** One line per request (`GET /v1/health 200 12ms`); silent by default. */
  log?: (line: string) => void;
  /** How long API Gateway waits for the function: 30 s (the HTTP API maximum) unless a test shortens it. */
  integrationTimeoutMs?: number;
}

/** HTTP APIs allow an integration at most 30 s (REST APIs 29 s); then the client gets a 503 while the function runs on. */
export const INTEGRATION_TIMEOUT_MS = 30_000;

export interface LocalHttpApi {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Reads the whole body; past the limit it keeps draining (so the client can read our 413) but stops buffering. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendGatewayMessage(res: ServerResponse, status: number, message: string, requestId: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': requestId });
  res.end(JSON.stringify({ message }));
}

/** Writes a Lambda result as API Gateway does, including its rule for results without a statusCode. */
function sendLambdaResult(res: ServerResponse, result: APIGatewayProxyResultV2 | undefined | void, requestId: string): number {
  const structured =
    result !== null && typeof result === 'object' && 'statusCode' in result
      ? result
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
        };
  const status = structured.statusCode ?? 200;
  const headers: Record<string, string | string[]> = { 'apigw-requestid': requestId };
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined ? undefined : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  if (body && !('content-length' in headers)) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
  return status;
}

export async function startLocalHttpApi(options: LocalHttpApiOptions): Promise<LocalHttpApi> {
  const router = createRouter(options.gateway);
  const match = (method: string, pathname: string) => {
    const found = router(method, pathname);
    return found.kind === 'match' ? found : null;
  };
  const loadHandler = options.loadHandler ?? importDomainHandler;
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (domain: string): Promise<LambdaHandler> => {
    let handler = handlers.get(domain);
    if (!handler) {
      handler = loadHandler(domain);
      handlers.set(domain, handler);
      handler.catch(() => handlers.delete(domain));
    }
    return handler;
  };
  const integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  /** The function's answer, or 'timed-out' when API Gateway would have stopped waiting (the function itself runs on, as in Lambda). */
  function withinIntegrationTimeout(invocation: Promise<APIGatewayProxyResultV2 | undefined | void>) {
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => ((late = true), resolve('timed-out')), integrationTimeoutMs)));
    // A failure after the 503 has nowhere to go but the console, as in CloudWatch; one before it is the caller's 500.
    invocation.catch((error: unknown) => {
      if (late) options.log?.(`handler failed after the integration timeout: ${(error as Error).message}`);
    });
    return Promise.race([invocation.then((result) => ({ result })), timedOut]).finally(() => clearTimeout(timer));
  }
  let url = '';
  let document: unknown;
  const openApi = () => (document ??= (options.openApiDocument ?? ((serverUrl) => buildOpenApiDocument({ routes: options.routes, serverUrl })))(url));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const pathname = rawUrl.split('?')[0] ?? '/';
    if (applyCors(req, res, options.cors)) return 204;
    if (method === 'GET' && (await serveDocs(pathname, res, openApi))) return res.statusCode;

    const found = match(method, pathname);
    if (!found) {
      req.resume();
      sendGatewayMessage(res, 404, 'Not Found', requestId);
      return 404;
    }
    let token = null;
    if (found.route.auth === 'jwt') {
      token = await verifyBearer(req.headers.authorization, options.jwt);
      if (!token) {
        req.resume();
        res.setHeader('www-authenticate', 'Bearer');
        sendGatewayMessage(res, 401, 'Unauthorized', requestId);
        return 401;
      }
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      sendGatewayMessage(res, 413, 'Request Entity Too Large', requestId);
      return 413;
    }
    const address = req.socket.address() as AddressInfo;
    const incoming: IncomingRequest = {
      method,
      url: rawUrl,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      host: req.headers.host ?? `localhost:${address.port}`,
      port: address.port,
    };
    const event = buildGatewayEvent(incoming, found.route, found.pathParameters, token, requestId);
    const handler = await handlerFor(found.route.domain);
    const outcome = await withinIntegrationTimeout(handler(event, localLambdaContext(found.route.domain, randomUUID())));
    if (outcome === 'timed-out') {
      sendGatewayMessage(res, 503, 'Service Unavailable', requestId);
      return 503;
    }
    return sendLambdaResult(res, outcome.result, requestId);
  }

  /**
   * What a log line names: the path without its query, or the route template for
   * routes whose path is itself a credential (calendar feed tokens), as API
   * Gateway's access log records only the routeKey.
   */
  function logLabel(req: IncomingMessage): string {
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const found = match(method, pathname);
    return `${method} ${found && (found.route.secretPath || found.route.auth === 'signature') ? found.route.path : pathname}`;
  }

  const server = keepIdleConnections(createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .then((status) => options.log?.(`${logLabel(req)} ${status} ${Date.now() - started}ms`))
      .catch((error: unknown) => {
        // What API Gateway answers when the integration fails; the cause goes to the local console only.
        options.log?.(`${logLabel(req)} 500 (handler failed: ${(error as Error).stack ?? String(error)})`);
        if (!res.headersSent) sendGatewayMessage(res, 500, 'Internal Server Error', randomUUID());
        else res.end();
      });
  }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
