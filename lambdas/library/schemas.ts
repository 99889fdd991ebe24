/** zod schemas of the library routes: assets, uploads, downloads, property content. */
import { z } from 'zod';
import { int4, textArray, timestamp, uuid } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { listQuerySchema } from '../platform/lists/list-route.js';
import { ALLOW_LIST, ASSET_TYPES, allowedMimeTypes, checkDeclared } from './allow-list.js';
import { galleryColumns } from './gallery-list.js';
import { MAX_MOVES } from './gallery-moves.js';

/** content_library_orientation_check and content_library_status_check, in the seed's order. */
export const ORIENTATIONS = ['landscape', 'portrait', 'square'] as const;
export const ASSET_STATUSES = ['active', 'archived', 'processing', 'error'] as const;

export const assetType = z.enum(ASSET_TYPES);
/** uuid or business ID (ASSET-010001). */
export const assetRef = z
  .string()
  .regex(/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|ASSET-\d{6,12})$/, 'must be an asset uuid or ASSET-NNNNNN')
  .meta({ description: 'The asset uuid or its business ID (ASSET-010001).' });

export const dimensions = z.object({ width: z.number().int().positive(), height: z.number().int().positive() });
/** Where the subject is, as fractions of width and height from the top-left corner (crops keep it in frame). */
export const focalPoint = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).strict();
export const colorPalette = z.array(z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')).max(32);

/** A user's filename: metadata only (never part of a storage key), so only printable and bounded. */
export const filename = z
  .string()
  .min(1)
  .max(255)
  .refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), 'must not contain control characters')
  .refine((v) => v.trim().length > 0, 'must not be blank');


/** Descriptive fields a person may set; file facts and status belong to the upload and ingest. */
export const describable = {
  alt_text: z.string().max(1000).nullable(),
  caption: z.string().max(2000).nullable(),
  tags: withinBytes(textArray).nullable(),
  license_type: z.string().max(50).nullable().meta({ description: 'e.g. owned, licensed, creative_commons, stock' }),
  source: z.string().max(100).nullable().meta({ description: 'e.g. photoshoot, guest, stock, ai' }),
  photographer: z.string().max(200).nullable(),
};


const maxUploadBytes = Math.max(...Object.values(ALLOW_LIST).map((t) => t.maxBytes));

export const uploadRequest = z
  .object({
    filename,
    asset_type: assetType,
    mime_type: z.string().min(1).max(127).meta({ description: 'Must be allowed for asset_type (see the allow-list).' }),
    size_bytes: z.number().int().min(1).max(maxUploadBytes).meta({ description: 'Exact size of the file; S3 accepts only this size.' }),
    ...Object.fromEntries(Object.entries(describable).map(([k, v]) => [k, v.optional()])),
  })
  .superRefine((body, ctx) => {
    for (const problem of checkDeclared(body.asset_type, body.mime_type, body.size_bytes)) {
      ctx.addIssue({ code: 'custom', path: [problem.path.replace(/^body\./, '')], message: problem.message });
    }
  })
  .meta({
    description: `Allowed: ${ASSET_TYPES.map((t) => `${t}: ${allowedMimeTypes(t).join(', ')} (≤ ${ALLOW_LIST[t].maxBytes} bytes)`).join('; ')}.`,
  });


export const downloadResponse = z
  .object({ url: z.string(), expires_at: timestamp })
  .meta({ id: 'AssetDownload', description: 'A presigned GET URL; it saves the file under its original filename.' });

export const ingestEvent = z
  .object({
    sequencer: z.string(),
    object_key: z.string(),
    outcome: z.enum(['active', 'error']),
    reason: z.string().nullable(),
    size_bytes: z.number().int().nullable(),
    mime_type: z.string().nullable(),
    at: timestamp,
  })
  .meta({ id: 'AssetIngestEvent' });

// ------------------------------------------------------------------ property content

/** Channel names as keys of channel_orders: lower-case words (airbnb, vrbo, booking_com, website). */
const channelName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case channel name such as airbnb');
export const channelOrders = z
  .record(channelName, int4)
  .refine((v) => Object.keys(v).length <= 50, 'at most 50 channels')
  .meta({ description: 'Position per channel, e.g. {"airbnb": 1, "vrbo": 3}.' });

const attachmentFields = {
  display_order: int4,
  is_hero: z.boolean().meta({ description: 'At most one hero per property: setting it clears the previous hero.' }),
  channel_orders: channelOrders.nullable(),
  room_type: z.string().max(50).nullable().meta({ description: 'e.g. bedroom, kitchen, pool, exterior' }),
  status: z.string().max(30),
};

export const attachBody = z.object({ asset_id: assetRef, ...z.object(attachmentFields).partial().shape });
export const attachmentUpdate = z
  .object(attachmentFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.' });

export const attachmentItem = z
  .object({
    id: uuid.meta({ description: "The gallery row's own id. `…/assets/{assetId}` takes it, or the asset's `library_asset_id` or `asset.asset_id`." }),
    property_id: uuid,
    library_asset_id: uuid,
    ...attachmentFields,
    display_order: int4.nullable(),
    is_hero: z.boolean().nullable(),
    status: z.string().nullable(),
    created_at: timestamp,
    asset: z
      .object({
        asset_id: z.string(),
        filename: z.string(),
        asset_type: assetType,
        mime_type: z.string().nullable(),
        status: z.enum(ASSET_STATUSES),
        dimensions: dimensions.nullable(),
        orientation: z.enum(ORIENTATIONS).nullable(),
        alt_text: z.string().nullable(),
      })
      .meta({ description: 'A summary of the attached asset.' }),
  })
  .meta({ id: 'PropertyAsset' });

export const attachmentList = z.object({ data: z.array(attachmentItem) }).meta({ id: 'PropertyAssetList' });
export const attachmentPage = z
  .object({ data: z.array(attachmentItem), next_cursor: z.string().nullable() })
  .meta({ id: 'PropertyAssetPage', description: 'One page of the gallery; pass next_cursor as ?cursor= for the next one (null: last page).' });

const move = z
  .object({
    asset_id: assetRef.meta({ description: 'The attached asset to move.' }),
    before: assetRef.optional().meta({ description: 'Put it immediately before this attached asset.' }),
    after: assetRef.optional().meta({ description: 'Put it immediately after this attached asset.' }),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.before === undefined) === (m.after === undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.before === undefined ? 'before' : 'after'], message: 'give exactly one of before or after' });
    }
  });

export const movesBody = z
  .object({ moves: z.array(move).min(1).max(MAX_MOVES) })
  .strict()
  .meta({
    description:
      `At most ${MAX_MOVES} moves, each putting one attached asset immediately before or after another that is not moved in the same request. ` +
      'Assets moved next to the same anchor on the same side keep the order of the moves.',
  });

export const movesResponse = z
  .object({
    data: z.array(attachmentItem).meta({ description: 'The moved attachments in their new order.' }),
    renumbered: z.boolean().meta({ description: 'True when the gallery had no room and every display_order was renumbered.' }),
  })
  .meta({ id: 'PropertyAssetMoves' });

export const reorderBody = z
  .array(z.object({ asset_id: assetRef, display_order: int4, channel_orders: channelOrders.nullable().optional() }).strict())
  .max(1000)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = item.asset_id.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'asset_id'], message: `is listed twice (also at [${seen.get(key)}])` });
      else seen.set(key, i);
    });
  })
  .meta({ description: 'Every attached asset of the property, each with its new display_order (and, optionally, channel_orders).' });

/** Path ids are plain strings here: one that can name no row is a 404, like every `{id}` of the API. */
const pathId = z.string().min(1).max(64);
export const propertyParams = z.object({ propertyId: pathId.meta({ description: 'The property uuid.' }) });
export const attachmentParams = propertyParams.extend({
  assetId: pathId.meta({ description: "The attached asset's uuid (`library_asset_id`) or business ID (`asset.asset_id`), or the gallery row's own `id`." }),
});
export const assetParams = z.object({ id: pathId.meta({ description: 'The asset uuid or business ID (ASSET-010001).' }) });
export const attachmentListQuery = listQuerySchema(galleryColumns).extend({
  channel: channelName.optional().meta({ description: 'Order by channel_orders->>channel first (unlisted last), then display_order.' }),
});
