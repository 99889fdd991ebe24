/**
 * The asset library as a generic CRUD resource (list, get, PATCH, DELETE):
 * filters, ETags and one statement per request come from lambdas/platform/crud.
 * Creating an asset is not a plain insert: it is POST /v1/assets/uploads.
 * File facts and status belong to the upload and ingest; PATCH changes the
 * descriptive fields only.
 */
import { z } from 'zod';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { nonNegativeInt, textArray, timestamp, uuid } from '../platform/schemas.js';
import { ASSET_TYPES } from './allow-list.js';
import { ASSET_STATUSES, ORIENTATIONS, colorPalette, describable, dimensions, filename, focalPoint } from './schemas.js';

const patchable = (schema: z.ZodType, read: z.ZodType, filter?: 'text' | 'text[]') =>
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
    mime_type: readOnly(z.string().nullable(), { filter: 'text' }),
    file_url: readOnly(z.string().meta({ description: 's3://bucket/key of the object; fetch it through /download.' })),
    thumbnail_url: patchable(z.url({ protocol: /^https?$/ }).max(2000).nullable(), z.string().nullable()),
    file_size_bytes: readOnly(z.number().int().nullable()),
    dimensions: readOnly(dimensions.nullable()),
    duration_seconds: patchable(nonNegativeInt.nullable(), z.number().int().nullable()),
    alt_text: patchable(describable.alt_text, z.string().nullable()),
    caption: patchable(describable.caption, z.string().nullable()),
    tags: patchable(describable.tags, z.array(z.string()).nullable(), 'text[]'),
    ai_tags: patchable(withinBytes(textArray).nullable(), z.array(z.string()).nullable(), 'text[]'),
    ai_description: patchable(z.string().max(5000).nullable(), z.string().nullable()),
    color_palette: patchable(colorPalette.nullable(), z.unknown().nullable()),
    focal_point: patchable(focalPoint.nullable(), z.unknown().nullable()),
    orientation: readOnly(z.enum(ORIENTATIONS).nullable(), { filter: 'text' }),
    license_type: patchable(describable.license_type, z.string().nullable(), 'text'),
    source: patchable(describable.source, z.string().nullable()),
    photographer: patchable(describable.photographer, z.string().nullable()),
    status: readOnly(z.enum(ASSET_STATUSES), { filter: 'text' }),
    created_by: readOnly(z.string().nullable()),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

export const uploadResponse = z
  .object({
    asset: assetResource.item,
    upload: z.object({
      method: z.literal('POST'),
      url: z.string().meta({ description: 'POST a multipart/form-data form here.' }),
      fields: z.record(z.string(), z.string()).meta({ description: 'Send every field as is, then the file last as `file`.' }),
      key: z.string(),
      expires_at: timestamp,
    }),
  })
  .meta({ id: 'AssetUpload' });
