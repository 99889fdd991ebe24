/** The content library's routes (assets, uploads, downloads), each bound to its implementation. Galleries are property-content's. */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import { created, noContent, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listIngestEvents } from './assets-repository.js';
import { ASSET_PREFIX, UPLOAD_PREFIX } from './object-keys.js';
import { assetResource, uploadResponse } from './resources.js';
import { assetParams, downloadResponse, ingestEvent, uploadRequest } from './schemas.js';
import { downloadLink, removeAsset, startUpload } from './service.js';

const assets = { auth: 'jwt', tags: ['assets'] } as const;

const assetRoutes = [
  // Deleting an asset also removes its object (after the row), so it is not the generic delete.
  ...crudRoutes(assetResource, {
    delete: async (req) => {
      await removeAsset(String(req.params.id), ifMatchVersions(req));
      return noContent();
    },
  }),
  route(
    {
      ...assets,
      method: 'POST',
      path: '/v1/assets/uploads',
      role: 'marketer',
      operationId: 'createAssetUpload',
      summary: 'Start an upload: creates the asset (processing) and returns a presigned POST for its object',
      request: { body: uploadRequest },
      responses: { 201: { description: 'The asset and the form to POST the file with.', schema: uploadResponse } },
    },
    async (req) => {
      const { asset, version, upload } = await startUpload(req.body, req.principal?.sub ?? null);
      return created({ asset, upload }, `/v1/assets/${String(asset.id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...assets,
      method: 'GET',
      path: '/v1/assets/{id}/download',
      role: 'viewer',
      operationId: 'getAssetDownload',
      errors: { 409: 'The asset is not ingested yet (or its upload failed): there is nothing to download.' },
      etag: false,
      summary: 'A short-lived presigned GET URL for an ingested asset',
      request: { params: assetParams },
      responses: { 200: { description: 'The URL and when it expires.', schema: downloadResponse } },
    },
    async (req) => {
      const link = await downloadLink(req.params.id);
      return ok({ url: link.url, expires_at: link.expiresAt }, { etag: null, headers: { 'cache-control': 'no-store' } });
    },
  ),
  route(
    {
      ...assets,
      method: 'GET',
      path: '/v1/assets/{id}/ingest-events',
      role: 'viewer',
      operationId: 'listAssetIngestEvents',
      etag: false,
      summary: "The asset's upload ingest history (why it is active or error), newest first",
      request: { params: assetParams },
      responses: { 200: { description: 'At most the 100 newest events.', schema: z.object({ data: z.array(ingestEvent) }) } },
    },
    async (req) => ok({ data: await listIngestEvents(getExecutor(), req.params.id) }, { etag: null }),
  ),
];

export const libraryApi = defineDomain({
  name: 'library',
  description: 'The S3 content library: assets, uploads, downloads',
  mounts: ['/v1/assets'],
  routes: assetRoutes,
  // Presigns uploads (POST, to uploads/) and downloads (GET: stored objects, and uploads ingested before they were
  // moved to assets/), deletes an asset's object.
  access: { s3Read: [UPLOAD_PREFIX, ASSET_PREFIX], s3Write: [UPLOAD_PREFIX], s3Delete: [UPLOAD_PREFIX, ASSET_PREFIX] },
});
