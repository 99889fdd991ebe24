/**
 * CORS as API Gateway HTTP API applies it when the API has a CORS
 * configuration: it answers preflights itself and adds the allow headers to
 * every response for an allowed origin, so a browser app on another port works locally.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsOptions {
  /** Allowed origins, or ['*']. */
  allowOrigins: readonly string[];
}

const ALLOW_HEADERS = 'authorization,content-type,if-match,if-none-match,idempotency-key';
const EXPOSE_HEADERS = 'etag,location,retry-after,apigw-requestid';
const ALLOW_METHODS = 'GET,POST,PUT,PATCH,DELETE,OPTIONS';

function allowedOrigin(req: IncomingMessage, cors: CorsOptions): string | null {
  const origin = req.headers.origin;
  if (!origin) return null;
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : null;
}

/** Adds the allow headers for an allowed origin; answers a preflight and returns true. */
export function applyCors(req: IncomingMessage, res: ServerResponse, cors: CorsOptions | undefined): boolean {
  if (!cors) return false;
  const origin = allowedOrigin(req, cors);
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
    if (origin !== '*') res.setHeader('vary', 'origin');
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    if (origin) {
      res.setHeader('access-control-allow-methods', ALLOW_METHODS);
      res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
      res.setHeader('access-control-max-age', '600');
    }
    req.resume();
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
}
