/**
 * Turns an implementation's HttpResult into the API Gateway response: JSON
 * text (or base64 bytes), an ETag on reads, 304 when the client's copy is current.
 */
import { JSON_MEDIA_TYPE } from './body.js';
import { etagOfBytes, ifNoneMatchHits, serialiseJson } from './etag.js';
import type { HttpApiResponse } from './event.js';
import type { HttpResult } from './result.js';

function encode(result: HttpResult): { body?: string; bytes?: Uint8Array | string; isBase64Encoded: boolean } {
  if (result.body === undefined || result.status === 204 || result.status === 304) return { isBase64Encoded: false };
  if (result.body instanceof Uint8Array) {
    return { body: Buffer.from(result.body).toString('base64'), bytes: result.body, isBase64Encoded: true };
  }
  const text =
    typeof result.body === 'string' && result.contentType && result.contentType !== JSON_MEDIA_TYPE
      ? result.body
      : serialiseJson(result.body);
  return { body: text, bytes: text, isBase64Encoded: false };
}

export function serialise(
  result: HttpResult,
  request: { method: string; headers: Readonly<Record<string, string | undefined>> },
): HttpApiResponse {
  const { body, bytes, isBase64Encoded } = encode(result);
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = result.contentType ?? JSON_MEDIA_TYPE;
  const isRead = request.method === 'GET' && result.status === 200;
  const etag = result.etag === undefined ? (isRead && bytes !== undefined ? etagOfBytes(bytes) : undefined) : result.etag;
  if (etag) headers.etag = etag;
  Object.assign(headers, result.headers);
  const cookies = result.cookies && result.cookies.length > 0 ? { cookies: result.cookies } : {};

  if (isRead && etag && ifNoneMatchHits(request.headers['if-none-match'], etag)) {
    delete headers['content-type'];
    return { statusCode: 304, headers, ...cookies };
  }
  return { statusCode: result.status, headers, ...(body !== undefined ? { body } : {}), isBase64Encoded, ...cookies };
}
