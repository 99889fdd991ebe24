/**
 * HTTP to the stack, counted into a scenario's figures: every request sent,
 * every 5xx kept with the request that caused it, and every error answer
 * checked for its shape (problem+json from a handler, API Gateway's own
 * `{"message"}` only for what the gateway answers itself: 401, 404 no route,
 * 413 over its payload limit).
 */
import type { Role } from '../../../lambdas/platform/auth/index.js';
import { PROBLEM_MEDIA_TYPE } from '../../../lambdas/platform/http/problem.js';
import type { ScenarioFigures } from './figures.js';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (problem+json too), else the text. */
  body: T;
  text: string;
}

export interface CallOptions {
  as?: Role | null;
  body?: unknown;
  /** Sent as is (no JSON encoding), e.g. a body that is not valid JSON. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Per request; a request still running after this is aborted and counted as a failure. Default 30 s. */
  timeoutMs?: number;
}

export interface Client {
  call<T = unknown>(method: string, pathAndQuery: string, options?: CallOptions): Promise<Answer<T>>;
  /** Error answers whose shape was wrong (not problem+json where a handler answered). */
  readonly malformedErrors: string[];
  /** 503 problem+json answers with a Retry-After, while `expectUnavailable` is on (not counted as 5xx then). */
  readonly unavailable: { count: number; withoutRetryAfter: number };
  /** While the database is down on purpose, a 503 with Retry-After is the correct answer. */
  expectUnavailable: boolean;
}

const GATEWAY_OWN = new Set([401, 404, 413]);

export function isProblemJson(answer: Answer): boolean {
  return (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() === PROBLEM_MEDIA_TYPE;
}

export function createClient(baseUrl: string, tokens: Record<Role, string>, figures: ScenarioFigures): Client {
  const host = new URL(baseUrl).hostname;
  if (host !== '127.0.0.1') throw new Error(`the reliability suite targets 127.0.0.1 only, not ${host}`);
  const malformedErrors: string[] = [];
  const unavailable = { count: 0, withoutRetryAfter: 0 };
  const client: Client = {
    malformedErrors,
    unavailable,
    expectUnavailable: false,
    async call<T>(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Answer<T>> {
      const role = options.as === undefined ? 'admin' : options.as;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (role) headers.authorization = `Bearer ${tokens[role]}`;
      let body: string | Uint8Array | undefined = options.rawBody;
      if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      figures.requests += 1;
      const label = `${method} ${pathAndQuery.slice(0, 200)}`;
      const response = await fetch(`${baseUrl}${pathAndQuery}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const text = await response.text();
      const isJson = /json/.test(response.headers.get('content-type') ?? '');
      let parsed: unknown = text;
      if (isJson && text) parsed = JSON.parse(text);
      const answer: Answer<T> = { status: response.status, headers: response.headers, body: parsed as T, text };
      const retryAfter = Number(response.headers.get('retry-after'));
      if (answer.status === 503 && client.expectUnavailable && isProblemJson(answer)) {
        unavailable.count += 1;
        if (!(retryAfter > 0)) unavailable.withoutRetryAfter += 1;
      } else if (answer.status >= 500) figures.serverErrors.push({ request: `${label} ${describeBody(body)}`, status: answer.status, body: text.slice(0, 500) });
      if (answer.status >= 400 && !isProblemJson(answer) && !(GATEWAY_OWN.has(answer.status) && isJson)) {
        malformedErrors.push(`${label} -> ${answer.status} ${response.headers.get('content-type') ?? '(no content-type)'}`);
      }
      return answer;
    },
  };
  return client;
}

function describeBody(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '';
  const text = typeof body === 'string' ? body : `<${body.length} bytes>`;
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
