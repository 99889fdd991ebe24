/**
 * The asset library as a generic CRUD resource (list, get, PATCH, DELETE):
 * filters, ETags and one statement per request come from lambdas/platform/crud.
 * Creating an asset is not a plain insert: it is POST /v1/assets/uploads.
 * File facts and status belong to the upload and ingest; PATCH changes the
 * descriptive fields only.
 */
import * as z from 'zod/mini';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { nonNegativeInt, textArray, timestamp, uuid } from '../platform/schemas.js';
import { ASSET_TYPES } from './allow-list.js';
import { ASSET_STATUSES, ORIENTATIONS, dimensions } from './asset-summary.js';
import { colorPalette, describable, filename, focalPoint } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

const patchable = (schema: z.ZodMiniType, read: z.ZodMiniType, filter?: 'text' | 'text[]') =>
  field(schema, { write: 'update', read, ...(filter ? { filter } : {}) });

export const assetResource = defineResource({
  noun: 'Asset',
  plural: 'Assets',
  tag: 'assets',
  schemaName: 'Asset',
  table: 'marketing.content_library',
  collectionPath: '/v1/assets',
  businessIdColumn: 'asset_id',
  // uuidv7 ids: id order is creation order.
  defaultOrder: 'id.desc',
  operations: ['list', 'get', 'update', 'delete'],
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    asset_id: readOnly(z.string(), { filter: 'text', orderable: true }),
    filename: field(filename, { write: 'update', read: z.string(), filter: 'text', operators: ['eq', 'like', 'ilike'] }),
    asset_type: readOnly(z.enum(ASSET_TYPES), { filter: 'text', orderable: true }),
    mime_type: readOnly(z.nullable(z.string()), { filter: 'text' }),
    file_url: readOnly(withMeta(z.string(), { description: 's3://bucket/key of the object; fetch it through /download.' })),
    thumbnail_url: patchable(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))), z.nullable(z.string())),
    file_size_bytes: readOnly(z.nullable(z.int())),
    dimensions: readOnly(z.nullable(dimensions)),
    duration_seconds: patchable(z.nullable(nonNegativeInt), z.nullable(z.int())),
    alt_text: patchable(describable.alt_text, z.nullable(z.string())),
    caption: patchable(describable.caption, z.nullable(z.string())),
    tags: patchable(describable.tags, z.nullable(z.array(z.string())), 'text[]'),
    ai_tags: patchable(z.nullable(withinBytes(textArray)), z.nullable(z.array(z.string())), 'text[]'),
    ai_description: patchable(z.nullable(z.string().check(z.maxLength(5000))), z.nullable(z.string())),
    color_palette: patchable(z.nullable(colorPalette), z.nullable(z.unknown())),
    focal_point: patchable(z.nullable(focalPoint), z.nullable(z.unknown())),
    orientation: readOnly(z.nullable(z.enum(ORIENTATIONS)), { filter: 'text' }),
    license_type: patchable(describable.license_type, z.nullable(z.string()), 'text'),
    source: patchable(describable.source, z.nullable(z.string())),
    photographer: patchable(describable.photographer, z.nullable(z.string())),
    status: readOnly(z.enum(ASSET_STATUSES), { filter: 'text' }),
    created_by: readOnly(z.nullable(z.string())),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

export const uploadResponse = withMeta(z.object({
    asset: assetResource.item,
    upload: z.object({
      method: z.literal('POST'),
      url: withMeta(z.string(), { description: 'POST a multipart/form-data form here.' }),
      fields: withMeta(z.record(z.string(), z.string()), { description: 'Send every field as is, then the file last as `file`.' }),
      key: z.string(),
      expires_at: timestamp,
    }),
  }), { id: 'AssetUpload' });
