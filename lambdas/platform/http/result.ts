/** What an operation implementation returns; the chain serialises it. */

export interface HttpResult {
  status: number;
  /** JSON-serialised, unless a Buffer/Uint8Array (sent base64) or a string with a non-JSON `contentType`. */
  body?: unknown;
  /** `application/json` when omitted. */
  contentType?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  /**
   * The representation's ETag when the implementation knows it (e.g. from a
   * version column); null for none. Omitted: GET responses get a hash of the body.
   */
  etag?: string | null;
}

type Extra = Omit<HttpResult, 'status' | 'body'>;

export const ok = (body: unknown, extra: Extra = {}): HttpResult => ({ status: 200, body, ...extra });

export function created(body: unknown, location?: string, extra: Extra = {}): HttpResult {
  const headers = { ...(location ? { location } : {}), ...extra.headers };
  return { status: 201, body, ...extra, headers };
}

export const noContent = (extra: Extra = {}): HttpResult => ({ status: 204, ...extra });
