/**
 * The library's operations beyond generic CRUD: uploads, downloads, deletes
 * that also remove the object, ingest history, and property content.
 */
import { getExecutor } from '../platform/db/index.js';
import { crudImplementations } from '../platform/crud/implementations.js';
import { ConflictError, created, ifMatchVersions, noContent, ok, versionEtag } from '../platform/http/index.js';
import type { HttpRequest, HttpResult, Implementations } from '../platform/http/index.js';
import { logger } from '../platform/observability.js';
import { contentBucketName } from '../platform/s3.js';
import { extensionFor, type AssetType } from './allow-list.js';
import { newUuidV7 } from './asset-ids.js';
import { deleteAsset, findDownload, insertUpload, listIngestEvents, type NewUpload } from './assets-repository.js';
import { UPLOAD_PREFIX, parseS3Uri, s3Uri, safeObjectName } from './object-keys.js';
import * as content from './property-content-repository.js';
import { assetResource } from './resources.js';
import { deleteObject as removeObject, presignDownload, presignUpload } from './storage.js';

type Params = Record<string, string>;

async function createUpload(req: HttpRequest): Promise<HttpResult> {
  const body = req.body as NewUpload & { asset_type: AssetType };
  // The schema already refused a MIME type outside the allow-list, so the extension exists.
  const extension = extensionFor(body.asset_type, body.mime_type)!;
  const bucket = contentBucketName();
  // Presign before writing: if signing fails, no 'processing' row is left behind.
  const id = newUuidV7();
  const key = `${UPLOAD_PREFIX}${id}/${safeObjectName(body.filename, extension)}`;
  const post = await presignUpload({ key, mimeType: body.mime_type, sizeBytes: body.size_bytes });
  const { row, version } = await insertUpload(getExecutor(), body, { id, fileUrl: s3Uri(bucket, key) }, req.principal?.sub ?? null);
  return created(
    { asset: row, upload: { method: 'POST', url: post.url, fields: post.fields, key, expires_at: post.expiresAt } },
    `/v1/assets/${String(row.id)}`,
    { etag: versionEtag(version) },
  );
}

async function download(req: HttpRequest): Promise<HttpResult> {
  const { id } = req.params as Params;
  const source = await findDownload(getExecutor(), id!);
  if (source.status !== 'active' && source.status !== 'archived') {
    throw new ConflictError(`The asset is ${source.status}; only an ingested asset can be downloaded.`);
  }
  const location = parseS3Uri(source.fileUrl);
  if (!location) throw new ConflictError('The asset has no stored object.');
  const link = await presignDownload(location.bucket, location.key, source.filename);
  return ok({ url: link.url, expires_at: link.expiresAt }, { etag: null, headers: { 'cache-control': 'no-store' } });
}

/**
 * Database row first, object after: once the row is gone nothing can reach the
 * object, so a failed S3 delete leaves only a harmless orphan (logged), while
 * the other order could leave an asset pointing at nothing.
 */
async function remove(req: HttpRequest): Promise<HttpResult> {
  const { id } = req.params as Params;
  const { fileUrl } = await deleteAsset(getExecutor(), id!, ifMatchVersions(req));
  const location = parseS3Uri(fileUrl);
  if (location && location.bucket === contentBucketName() && location.key.startsWith(UPLOAD_PREFIX)) {
    try {
      await removeObject(location.bucket, location.key);
    } catch (error) {
      logger.error('asset row deleted but its object was not', { key: location.key, error: error as Error });
    }
  }
  return noContent();
}

async function ingestEvents(req: HttpRequest): Promise<HttpResult> {
  const { id } = req.params as Params;
  return ok({ data: await listIngestEvents(getExecutor(), id!) }, { etag: null });
}

async function listPropertyAssets(req: HttpRequest): Promise<HttpResult> {
  const { propertyId } = req.params as Params;
  const { channel } = req.query as { channel?: string };
  return ok({ data: await content.listAttachments(getExecutor(), propertyId!, channel) }, { etag: null });
}

async function attachPropertyAsset(req: HttpRequest): Promise<HttpResult> {
  const { propertyId } = req.params as Params;
  const { row, version } = await content.attach(getExecutor(), propertyId!, req.body as Record<string, unknown> & { asset_id: string });
  return created(row, `/v1/properties/${propertyId!}/assets/${String(row.library_asset_id)}`, { etag: versionEtag(version) });
}

async function getPropertyAsset(req: HttpRequest): Promise<HttpResult> {
  const { propertyId, assetId } = req.params as Params;
  const { row, version } = await content.getAttachment(getExecutor(), propertyId!, assetId!);
  return ok(row, { etag: versionEtag(version) });
}

async function updatePropertyAsset(req: HttpRequest): Promise<HttpResult> {
  const { propertyId, assetId } = req.params as Params;
  const { row, version } = await content.updateAttachment(
    getExecutor(),
    propertyId!,
    assetId!,
    req.body as Record<string, unknown>,
    ifMatchVersions(req),
  );
  return ok(row, { etag: versionEtag(version) });
}

async function detachPropertyAsset(req: HttpRequest): Promise<HttpResult> {
  const { propertyId, assetId } = req.params as Params;
  await content.detach(getExecutor(), propertyId!, assetId!, ifMatchVersions(req));
  return noContent();
}

async function reorderPropertyAssets(req: HttpRequest): Promise<HttpResult> {
  const { propertyId } = req.params as Params;
  const data = await content.reorder(getExecutor(), propertyId!, req.body as content.OrderItem[]);
  return ok({ data }, { etag: null });
}

export const libraryImplementations: Implementations = {
  ...crudImplementations(assetResource),
  deleteAsset: remove,
  createAssetUpload: createUpload,
  getAssetDownload: download,
  listAssetIngestEvents: ingestEvents,
  listPropertyAssets,
  attachPropertyAsset,
  getPropertyAsset,
  updatePropertyAsset,
  detachPropertyAsset,
  reorderPropertyAssets,
};
