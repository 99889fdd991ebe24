/**
 * The S3 requests of the library API: presigning is local computation (no
 * network call); DELETE is the only request it makes. Each is signed here
 * without an S3 client (lambdas/platform/s3-requests/: the SDK's own
 * signatures, tested against it), so the API bundle stays near the floor; the
 * workers' reads and copies are in stored-objects.ts.
 */
import { deleteObject as deleteS3Object } from '../platform/s3-requests/delete-object.js';
import { presignGetObject } from '../platform/s3-requests/presigned-get.js';
import { presignPost, type PresignedPost } from '../platform/s3-requests/presigned-post.js';
import { contentBucketName } from '../platform/s3-requests/bucket.js';
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
export function presignUpload(target: UploadTarget): Promise<PresignedPost & { expiresAt: string }> {
  const post = presignPost(contentBucketName(), {
    key: target.key,
    conditions: [
      ['content-length-range', target.sizeBytes, target.sizeBytes],
      ['eq', '$Content-Type', target.mimeType],
    ],
    fields: { 'Content-Type': target.mimeType },
    expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
  });
  return Promise.resolve({ ...post, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() });
}

/** A GET URL valid for DOWNLOAD_EXPIRES_SECONDS that saves the file as `filename` (see download-name.ts). */
export async function presignDownload(bucket: string, key: string, filename: string): Promise<{ url: string; expiresAt: string }> {
  const url = await presignGetObject(bucket, key, { expiresInSeconds: DOWNLOAD_EXPIRES_SECONDS, responseContentDisposition: attachmentDisposition(filename) });
  return { url, expiresAt: new Date(Date.now() + DOWNLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}

/** Idempotent: deleting a missing key succeeds. */
export function deleteObject(bucket: string, key: string): Promise<void> {
  return deleteS3Object(bucket, key);
}
