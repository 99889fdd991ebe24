/**
 * The S3 calls of the ingest and sweep workers: HEAD, ranged GET and
 * server-side COPY, over the container's SDK client (lambdas/platform/s3.ts).
 * Kept apart from storage.ts, which the library API uses, so the API
 * function's bundle carries no S3 client.
 */
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { getS3Client } from '../platform/s3.js';

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');
}

/** The object's size, or null when it no longer exists. */
export async function objectSize(bucket: string, key: string): Promise<number | null> {
  try {
    const head = await getS3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The first `length` bytes (fewer when the object is shorter), or null when it no longer exists. */
export async function firstBytes(bucket: string, key: string, length: number): Promise<Uint8Array | null> {
  try {
    const response = await getS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${length - 1}` }));
    const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    // A server that ignores Range sends the whole object: keep only what was asked for.
    return bytes.subarray(0, length);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Server-side copy within the bucket (no bytes through the function; S3 copies
 * up to 5 GB in one request, above every allow-list ceiling). With `eTag`
 * (the event's), S3 copies only that object: if the key was overwritten since,
 * the copy fails (412) rather than copy bytes nobody judged.
 */
export async function copyObject(bucket: string, from: string, to: string, eTag?: string): Promise<void> {
  await getS3Client().send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: to,
      CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      ...(eTag ? { CopySourceIfMatch: `"${eTag.replace(/"/g, '')}"` } : {}),
    }),
  );
}
