/**
 * A presigned GET URL of one object, as the SDK's getSignedUrl makes it for a
 * GetObjectCommand (the same query, the same signature: tested against it), without an S3 client.
 */
import { s3Signer, signable, urlOf } from './signer.js';
import { objectUrl, s3Target, type S3Target } from './target.js';

export interface PresignedGetOptions {
  expiresInSeconds: number;
  /** `response-content-disposition`: how the browser saves the file. */
  responseContentDisposition?: string;
  target?: S3Target;
  now?: Date;
}

export async function presignGetObject(bucket: string, key: string, options: PresignedGetOptions): Promise<string> {
  const target = options.target ?? s3Target();
  const url = objectUrl(target, bucket, key);
  if (options.responseContentDisposition !== undefined) url.searchParams.set('response-content-disposition', options.responseContentDisposition);
  url.searchParams.set('x-id', 'GetObject');
  // The presigned request's payload is whatever the GET returns: S3's documented UNSIGNED-PAYLOAD.
  const request = signable('GET', url, { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' });
  const signed = await s3Signer(target).presign(request, {
    expiresIn: options.expiresInSeconds,
    ...(options.now ? { signingDate: options.now } : {}),
    unsignableHeaders: new Set(['content-type']),
  });
  return urlOf(signed);
}
