/**
 * The asset library as a generic CRUD resource (list, get, PATCH, DELETE):
 * filters, ETags and one statement per request come from lambdas/platform/crud.
 * Creating an asset is not a plain insert: it is POST /v1/assets/uploads.
 */
import type { ResourceSpec } from '../platform/crud/index.js';
import { assetItem, assetUpdate } from './schemas.js';

export const ASSET_SELECT =
  'id, asset_id, filename, asset_type, mime_type, file_url, thumbnail_url, file_size_bytes, dimensions, duration_seconds, ' +
  'alt_text, caption, tags, ai_tags, ai_description, color_palette, focal_point, orientation, license_type, source, ' +
  'photographer, status, created_by, created_at, updated_at';

export const assetResource: ResourceSpec = {
  noun: 'Asset',
  plural: 'Assets',
  domain: 'library',
  tag: 'assets',
  table: 'marketing.content_library',
  collectionPath: '/v1/assets',
  businessIdColumn: 'asset_id',
  select: ASSET_SELECT,
  // Orderable only where an index leads with the column; id is a UUIDv7, so id order is creation order.
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    asset_id: { type: 'text', orderable: true, nullable: false },
    asset_type: { type: 'text', orderable: true, nullable: false },
    status: { type: 'text' },
    orientation: { type: 'text' },
    mime_type: { type: 'text' },
    filename: { type: 'text', operators: ['eq', 'like', 'ilike'] },
    license_type: { type: 'text' },
    tags: { type: 'text[]' },
    ai_tags: { type: 'text[]' },
    created_at: { type: 'timestamptz' },
  },
  defaultOrder: 'id.desc',
  item: assetItem,
  // Unused for routes (no create operation), but the spec requires it; the update schema is what PATCH takes.
  create: assetUpdate,
  update: assetUpdate,
  operations: ['list', 'get', 'update', 'delete'],
};
