/**
 * What other domains may know of a library asset: how it is named in a body
 * (uuid or ASSET-NNNNNN) and the enums of its summary. property-content
 * embeds this summary in each gallery row, so it imports this file (and only
 * this file) of the library; the enums mirror the CHECKs of content_library.
 */
import * as z from 'zod/mini';
import { withMeta } from '../platform/schema-meta.js';
import { ASSET_TYPES } from './allow-list.js';

/** content_library_orientation_check and content_library_status_check, in the seed's order. */
export const ORIENTATIONS = ['landscape', 'portrait', 'square'] as const;
export const ASSET_STATUSES = ['active', 'archived', 'processing', 'error'] as const;

export const assetType = z.enum(ASSET_TYPES);
/** uuid or business ID (ASSET-010001). */
export const assetRef = withMeta(z.string().check(z.regex(/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|ASSET-\d{6,12})$/, 'must be an asset uuid or ASSET-NNNNNN')), { description: 'The asset uuid or its business ID (ASSET-010001).' });

export const dimensions = z.object({ width: z.int().check(z.positive()), height: z.int().check(z.positive()) });
