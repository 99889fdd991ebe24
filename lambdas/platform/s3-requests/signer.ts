/** The SigV4 signer of S3 requests, configured as the SDK's S3 client configures its own. */
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as SignableRequest } from '@smithy/types';
// The floor's own SHA-256 (the RDS Data API client bundles it), as crypto/get-secret-value.ts signs with.
import { Sha256 } from '@smithy/core/checksum';
import { escapeUri, type S3Target } from './target.js';

export function s3Signer(target: S3Target): SignatureV4 {
  // S3 signs the path as sent (no second URI encoding) and takes no payload checksum header from the signer.
  return new SignatureV4({ service: 's3', region: target.region, credentials: target.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
}

/** A request in the shape the signer reads, for `url` (its query string becomes `query`). */
export function signable(method: string, url: URL, headers: Record<string, string> = {}): SignableRequest {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { host: url.host, ...headers },
  };
}

/** The URL of a signed (or presigned) request. */
export function urlOf(request: SignableRequest): string {
  // Sorted by name, as the SDK writes a presigned URL.
  const query = Object.entries(request.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).filter((v): v is string => v !== null).map((v) => `${escapeUri(name)}=${escapeUri(v)}`))
    .join('&');
  const port = request.port ? `:${request.port}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}
