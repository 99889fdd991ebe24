/** zod schemas of the library routes: assets, uploads, downloads, property content. */
import * as z from 'zod/mini';
import { int4, textArray, timestamp, uuid } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { listQuerySchema } from '../platform/lists/list-route.js';
import { ALLOW_LIST, ASSET_TYPES, allowedMimeTypes, checkDeclared } from './allow-list.js';
import { galleryColumns } from './gallery-list.js';
import { MAX_MOVES } from './gallery-moves.js';
import { withMeta } from '../platform/schema-meta.js';

/** content_library_orientation_check and content_library_status_check, in the seed's order. */
export const ORIENTATIONS = ['landscape', 'portrait', 'square'] as const;
export const ASSET_STATUSES = ['active', 'archived', 'processing', 'error'] as const;

export const assetType = z.enum(ASSET_TYPES);
/** uuid or business ID (ASSET-010001). */
export const assetRef = withMeta(z.string().check(z.regex(/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|ASSET-\d{6,12})$/, 'must be an asset uuid or ASSET-NNNNNN')), { description: 'The asset uuid or its business ID (ASSET-010001).' });

export const dimensions = z.object({ width: z.int().check(z.positive()), height: z.int().check(z.positive()) });
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

// ------------------------------------------------------------------ property content

/** Channel names as keys of channel_orders: lower-case words (airbnb, vrbo, booking_com, website). */
const channelName = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case channel name such as airbnb'));
export const channelOrders = withMeta(z.record(channelName, int4).check(z.refine((v) => Object.keys(v).length <= 50, 'at most 50 channels')), { description: 'Position per channel, e.g. {"airbnb": 1, "vrbo": 3}.' });

const attachmentFields = {
  display_order: int4,
  is_hero: withMeta(z.boolean(), { description: 'At most one hero per property: setting it clears the previous hero.' }),
  channel_orders: z.nullable(channelOrders),
  room_type: withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'e.g. bedroom, kitchen, pool, exterior' }),
  status: z.string().check(z.maxLength(30)),
};

export const attachBody = z.object({ asset_id: assetRef, ...z.partial(z.object(attachmentFields)).shape });
export const attachmentUpdate = z.partial(z.object(attachmentFields)).check(z.refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.' }));

export const attachmentItem = withMeta(z.object({
    id: withMeta(uuid, { description: "The gallery row's own id. `…/assets/{assetId}` takes it, or the asset's `library_asset_id` or `asset.asset_id`." }),
    property_id: uuid,
    library_asset_id: uuid,
    ...attachmentFields,
    display_order: z.nullable(int4),
    is_hero: z.nullable(z.boolean()),
    status: z.nullable(z.string()),
    created_at: timestamp,
    asset: withMeta(z.object({
        asset_id: z.string(),
        filename: z.string(),
        asset_type: assetType,
        mime_type: z.nullable(z.string()),
        status: z.enum(ASSET_STATUSES),
        dimensions: z.nullable(dimensions),
        orientation: z.nullable(z.enum(ORIENTATIONS)),
        alt_text: z.nullable(z.string()),
      }), { description: 'A summary of the attached asset.' }),
  }), { id: 'PropertyAsset' });

export const attachmentList = withMeta(z.object({ data: z.array(attachmentItem) }), { id: 'PropertyAssetList' });
export const attachmentPage = withMeta(z.object({ data: z.array(attachmentItem), next_cursor: z.nullable(z.string()) }), { id: 'PropertyAssetPage', description: 'One page of the gallery; pass next_cursor as ?cursor= for the next one (null: last page).' });

const move = z.strictObject({
    asset_id: withMeta(assetRef, { description: 'The attached asset to move.' }),
    before: withMeta(z.optional(assetRef), { description: 'Put it immediately before this attached asset.' }),
    after: withMeta(z.optional(assetRef), { description: 'Put it immediately after this attached asset.' }),
  }).check(z.superRefine((m, ctx) => {
    if ((m.before === undefined) === (m.after === undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.before === undefined ? 'before' : 'after'], message: 'give exactly one of before or after' });
    }
  }));

export const movesBody = withMeta(z.strictObject({ moves: z.array(move).check(z.minLength(1), z.maxLength(MAX_MOVES)) }), {
    description:
      `At most ${MAX_MOVES} moves, each putting one attached asset immediately before or after another that is not moved in the same request. ` +
      'Assets moved next to the same anchor on the same side keep the order of the moves.',
  });

export const movesResponse = withMeta(z.object({
    data: withMeta(z.array(attachmentItem), { description: 'The moved attachments in their new order.' }),
    renumbered: withMeta(z.boolean(), { description: 'True when the gallery had no room and every display_order was renumbered.' }),
  }), { id: 'PropertyAssetMoves' });

export const reorderBody = withMeta(z.array(z.strictObject({ asset_id: assetRef, display_order: int4, channel_orders: z.optional(z.nullable(channelOrders)) })).check(z.maxLength(1000), z.superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = item.asset_id.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'asset_id'], message: `is listed twice (also at [${seen.get(key)}])` });
      else seen.set(key, i);
    });
  })), { description: 'Every attached asset of the property, each with its new display_order (and, optionally, channel_orders).' });

/** Path ids are plain strings here: one that can name no row is a 404, like every `{id}` of the API. */
const pathId = z.string().check(z.minLength(1), z.maxLength(64));
export const propertyParams = z.object({ propertyId: withMeta(pathId, { description: 'The property uuid.' }) });
export const attachmentParams = z.extend(propertyParams, {
  assetId: withMeta(pathId, { description: "The attached asset's uuid (`library_asset_id`) or business ID (`asset.asset_id`), or the gallery row's own `id`." }),
});
export const assetParams = z.object({ id: withMeta(pathId, { description: 'The asset uuid or business ID (ASSET-010001).' }) });
export const attachmentListQuery = z.extend(listQuerySchema(galleryColumns), {
  channel: withMeta(z.optional(channelName), { description: 'Order by channel_orders->>channel first (unlisted last), then display_order.' }),
});
