/**
 * The seeded reference tables of this module (segments, channels), served
 * read-only: a keyset list with filters, and one row by its stable `code`
 * (or uuid), the values the rest of the module refers to.
 */
import * as z from 'zod/mini';
import { defineResource, field, lookupFields, readOnly, type ResourceSpec } from '../platform/crud/index.js';
import { CHANNEL_TYPES, STAKEHOLDER_GROUPS } from './schemas.js';

const referenceBase = { tag: 'mkt-reference', defaultOrder: 'id.asc', operations: ['list'] as const };
/** The seeded rows in display order (sort_order) or by name: each has its (column, id) index (schema/111). */
const orderedLookupFields = {
  ...lookupFields,
  name: readOnly(z.string(), { filter: 'text', orderable: true }),
  sort_order: readOnly(z.int(), { filter: 'integer', orderable: true }),
};

export const segmentResource: ResourceSpec = defineResource({
  ...referenceBase,
  noun: 'MktSegment',
  plural: 'MktSegments',
  schemaName: 'MktSegment',
  table: 'public.mkt_segments',
  collectionPath: '/v1/mkt/segments',
  fields: { ...orderedLookupFields, stakeholder_group: field(z.enum(STAKEHOLDER_GROUPS), { write: 'none', filter: 'text' }) },
});

export const channelResource: ResourceSpec = defineResource({
  ...referenceBase,
  noun: 'MktChannel',
  plural: 'MktChannels',
  schemaName: 'MktChannel',
  table: 'public.mkt_channels',
  collectionPath: '/v1/mkt/channels',
  fields: { ...orderedLookupFields, channel_type: field(z.enum(CHANNEL_TYPES), { write: 'none', filter: 'text' }) },
});
