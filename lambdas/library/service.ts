/**
 * The library's rules beyond generic CRUD, on plain inputs: an upload is
 * signed before its row exists, a download needs an ingested object, and a
 * deleted asset's object goes after its row.
 */
import { ConflictError } from '../platform/errors.js';
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { logger } from '../platform/observability.js';
import { contentBucketName } from '../platform/s3-requests/bucket.js';
import { extensionFor, type AssetType } from './allow-list.js';
import { newUuidV7 } from './asset-ids.js';
import { deleteAsset, findDownload, insertUpload, type NewUpload } from './assets-repository.js';
import { UPLOAD_PREFIX, isOwnedKey, parseS3Uri, s3Uri, safeObjectName } from './object-keys.js';
import { downloadFilename } from './download-name.js';
import { deleteObject as removeObject, presignDownload, presignUpload } from './storage.js';

export interface StartedUpload {
  asset: Row;
  version: string;
  upload: { method: 'POST'; url: string; fields: Record<string, string>; key: string; expires_at: string };
}

/** Presign before writing: if signing fails, no 'processing' row is left behind. */
export async function startUpload(input: NewUpload & { asset_type: AssetType }, actor: string | null): Promise<StartedUpload> {
  // The schema already refused a MIME type outside the allow-list, so the extension exists.
  const extension = extensionFor(input.asset_type, input.mime_type)!;
  const bucket = contentBucketName();
  const id = newUuidV7();
  const key = `${UPLOAD_PREFIX}${id}/${safeObjectName(input.filename, extension)}`;
  const post = await presignUpload({ key, mimeType: input.mime_type, sizeBytes: input.size_bytes });
  const { row, version } = await insertUpload(getExecutor(), input, { id, fileUrl: s3Uri(bucket, key) }, actor);
  return { asset: row, version, upload: { method: 'POST', url: post.url, fields: post.fields, key, expires_at: post.expiresAt } };
}

export async function downloadLink(ref: string): Promise<{ url: string; expiresAt: string }> {
  const source = await findDownload(getExecutor(), ref);
  if (source.status !== 'active' && source.status !== 'archived') {
    throw new ConflictError(`The asset is ${source.status}; only an ingested asset can be downloaded.`);
  }
  const location = parseS3Uri(source.fileUrl);
  if (!location) throw new ConflictError('The asset has no stored object.');
  return presignDownload(location.bucket, location.key, downloadFilename(source.filename, source.mimeType));
}

/**
 * Database row first, object after: once the row is gone nothing can reach the
 * object, so a failed S3 delete leaves only a harmless orphan (logged), while
 * the other order could leave an asset pointing at nothing.
 */
export async function removeAsset(ref: string, ifMatch: string[] | '*' | undefined): Promise<void> {
  const { fileUrl } = await deleteAsset(getExecutor(), ref, ifMatch);
  const location = parseS3Uri(fileUrl);
  if (location && location.bucket === contentBucketName() && isOwnedKey(location.key)) {
    try {
      await removeObject(location.bucket, location.key);
    } catch (error) {
      logger.error('asset row deleted but its object was not', { key: location.key, error: error as Error });
    }
  }
}
