/** zod schemas of property content: a property's gallery of library assets. */
import * as z from 'zod/mini';
import { int4, timestamp, uuid } from '../platform/schemas.js';
import { listQuerySchema } from '../platform/lists/list-route.js';
import { withMeta } from '../platform/schema-meta.js';
import { ASSET_STATUSES, assetRef, assetType, dimensions, ORIENTATIONS } from '../library/asset-summary.js';
import { galleryColumns } from './list.js';
import { MAX_MOVES } from './moves.js';

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
export const attachmentListQuery = z.extend(listQuerySchema(galleryColumns), {
  channel: withMeta(z.optional(channelName), { description: 'Order by channel_orders->>channel first (unlisted last), then display_order.' }),
});
