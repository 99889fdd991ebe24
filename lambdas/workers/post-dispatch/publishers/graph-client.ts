/**
 * A minimal Graph API client for one account: the token travels only in the
 * Authorization header (never in a URL, so no URL that reaches a log or an
 * error carries it), and every answer is one of three things: the JSON body,
 * a GraphApiError (Graph said no, with its code), or a GraphUnreachable (no
 * answer in time, a connection failure or a 5xx: the outcome is unknown).
 */
import type { GraphConfig } from '../graph-config.js';

export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  constructor(
    message: string,
    readonly code: number,
    readonly subcode: number | undefined,
    readonly type: string | undefined,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

/** The request may or may not have taken effect. */
export class GraphUnreachable extends Error {
  override readonly name = 'GraphUnreachable';
}

export type GraphParams = Record<string, string | number | boolean | undefined>;

export interface GraphClient {
  get<T = Record<string, unknown>>(path: string, params?: GraphParams): Promise<T>;
  post<T = Record<string, unknown>>(path: string, params: GraphParams): Promise<T>;
}

const form = (params: GraphParams) => {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out.set(k, String(v));
  return out;
};

export function graphClient(config: GraphConfig, token: string): GraphClient {
  async function call<T>(method: 'GET' | 'POST', path: string, params: GraphParams): Promise<T> {
    const url = `${config.baseUrl}/${config.version}/${path.replace(/^\/+/, '')}`;
    const query = method === 'GET' ? `?${form(params).toString()}` : '';
    let response: Response;
    try {
      response = await fetch(url + query, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: form(params).toString() } : {}),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new GraphUnreachable(timedOut ? `No answer from the Graph API within ${config.timeoutMs} ms (${method} ${path})` : `The Graph API could not be reached (${method} ${path})`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GraphUnreachable(`The Graph API answered ${response.status} without JSON (${method} ${path})`);
    }
    const error = (body as { error?: { message?: string; code?: number; error_subcode?: number; type?: string; is_transient?: boolean } }).error;
    if (response.status >= 500 || error?.is_transient === true) {
      throw new GraphUnreachable(`The Graph API answered ${response.status}${error?.message ? `: ${error.message}` : ''} (${method} ${path})`);
    }
    if (error || !response.ok) {
      throw new GraphApiError(error?.message ?? `HTTP ${response.status}`, error?.code ?? 0, error?.error_subcode, error?.type, response.status);
    }
    return body as T;
  }
  return {
    get: (path, params = {}) => call('GET', path, params),
    post: (path, params) => call('POST', path, params),
  };
}
