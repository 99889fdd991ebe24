/** zod schemas of the library routes: assets, uploads, downloads. */
import * as z from 'zod/mini';
import { textArray, timestamp } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { ALLOW_LIST, ASSET_TYPES, allowedMimeTypes, checkDeclared } from './allow-list.js';
import { assetType } from './asset-summary.js';
import { withMeta } from '../platform/schema-meta.js';

/** Where the subject is, as fractions of width and height from the top-left corner (crops keep it in frame). */
export const focalPoint = z.strictObject({ x: z.number().check(z.minimum(0), z.maximum(1)), y: z.number().check(z.minimum(0), z.maximum(1)) });
export const colorPalette = z.array(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour'))).check(z.maxLength(32));

/** A user's filename: metadata only (never part of a storage key), so only printable and bounded. */
export const filename = z.string().check(z.minLength(1), z.maxLength(255), z.refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), 'must not contain control characters'), z.refine((v) => v.trim().length > 0, 'must not be blank'));


/** Descriptive fields a person may set; file facts and status belong to the upload and ingest. */
export const describable = {
  alt_text: z.nullable(z.string().check(z.maxLength(1000))),
  caption: z.nullable(z.string().check(z.maxLength(2000))),
  tags: z.nullable(withinBytes(textArray)),
  license_type: withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'e.g. owned, licensed, creative_commons, stock' }),
  source: withMeta(z.nullable(z.string().check(z.maxLength(100))), { description: 'e.g. photoshoot, guest, stock, ai' }),
  photographer: z.nullable(z.string().check(z.maxLength(200))),
};


const maxUploadBytes = Math.max(...Object.values(ALLOW_LIST).map((t) => t.maxBytes));

export const uploadRequest = withMeta(z.object({
    filename,
    asset_type: assetType,
    mime_type: withMeta(z.string().check(z.minLength(1), z.maxLength(127)), { description: 'Must be allowed for asset_type (see the allow-list).' }),
    size_bytes: withMeta(z.int().check(z.minimum(1), z.maximum(maxUploadBytes)), { description: 'Exact size of the file; S3 accepts only this size.' }),
    ...Object.fromEntries(Object.entries(describable).map(([k, v]) => [k, z.optional(v)])),
  }).check(z.superRefine((body, ctx) => {
    for (const problem of checkDeclared(body.asset_type, body.mime_type, body.size_bytes)) {
      ctx.addIssue({ code: 'custom', path: [problem.path.replace(/^body\./, '')], message: problem.message });
    }
  })), {
    description: `Allowed: ${ASSET_TYPES.map((t) => `${t}: ${allowedMimeTypes(t).join(', ')} (≤ ${ALLOW_LIST[t].maxBytes} bytes)`).join('; ')}.`,
  });


export const downloadResponse = withMeta(z.object({ url: z.string(), expires_at: timestamp }), { id: 'AssetDownload', description: 'A presigned GET URL; it saves the file under its original filename.' });

export const ingestEvent = withMeta(z.object({
    sequencer: z.string(),
    object_key: z.string(),
    outcome: z.enum(['active', 'error']),
    reason: z.nullable(z.string()),
    size_bytes: z.nullable(z.int()),
    mime_type: z.nullable(z.string()),
    at: timestamp,
  }), { id: 'AssetIngestEvent' });

/** Path ids are plain strings here: one that can name no row is a 404, like every `{id}` of the API. */
const pathId = z.string().check(z.minLength(1), z.maxLength(64));
export const assetParams = z.object({ id: withMeta(pathId, { description: 'The asset uuid or business ID (ASSET-010001).' }) });
