/**
 * Every S3 call of the content library, over the container's one client
 * (lambdas/platform/s3.ts). Presigning is local computation (no network call);
 * HEAD, ranged GET, server-side COPY and DELETE are the only requests made.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentBucketName, getS3Client } from '../platform/s3.js';
import { attachmentDisposition } from './download-name.js';

/** Long enough to pick a file and start a large upload (S3 checks expiry when the upload starts). */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;
/** A download link is for immediate use; share the asset, not the link. */
export const DOWNLOAD_EXPIRES_SECONDS = 5 * 60;

export interface UploadTarget {
  key: string;
  mimeType: string;
  sizeBytes: number;
}

/**
 * A presigned POST whose policy S3 enforces: exactly the declared size
 * (content-length-range min = max) and exactly the declared Content-Type, to
 * this one key, for UPLOAD_EXPIRES_SECONDS.
 */
export async function presignUpload(target: UploadTarget): Promise<PresignedPost & { expiresAt: string }> {
  const post = await createPresignedPost(getS3Client(), {
    Bucket: contentBucketName(),
    Key: target.key,
    Conditions: [
      ['content-length-range', target.sizeBytes, target.sizeBytes],
      ['eq', '$Content-Type', target.mimeType],
    ],
    Fields: { 'Content-Type': target.mimeType },
    Expires: UPLOAD_EXPIRES_SECONDS,
  });
  return { ...post, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}

/** A GET URL valid for DOWNLOAD_EXPIRES_SECONDS that saves the file as `filename` (see download-name.ts). */
export async function presignDownload(bucket: string, key: string, filename: string): Promise<{ url: string; expiresAt: string }> {
  const url = await getSignedUrl(
    getS3Client(),
    new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: attachmentDisposition(filename) }),
    { expiresIn: DOWNLOAD_EXPIRES_SECONDS },
  );
  return { url, expiresAt: new Date(Date.now() + DOWNLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}

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

/** Idempotent: deleting a missing key succeeds. */
export async function deleteObject(bucket: string, key: string): Promise<void> {
  await getS3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
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
