/**
 * The seeded reference tables of this module (segments, channels), served
 * read-only: a keyset list with filters, and one row by its stable `code`
 * (or uuid), the values the rest of the module refers to.
 */
import { z } from 'zod';
import { defineResource, field, lookupFields, type ResourceSpec } from '../platform/crud/index.js';
import { CHANNEL_TYPES, STAKEHOLDER_GROUPS } from './schemas.js';

// Only id has an index ending in the tie-breaker; sort_order is returned for display order.
const referenceBase = { tag: 'mkt-reference', defaultOrder: 'id.asc', operations: ['list'] as const };

export const segmentResource: ResourceSpec = defineResource({
  ...referenceBase,
  noun: 'MktSegment',
  plural: 'MktSegments',
  schemaName: 'MktSegment',
  table: 'public.mkt_segments',
  collectionPath: '/v1/mkt/segments',
  fields: { ...lookupFields, stakeholder_group: field(z.enum(STAKEHOLDER_GROUPS), { write: 'none', filter: 'text' }) },
});

export const channelResource: ResourceSpec = defineResource({
  ...referenceBase,
  noun: 'MktChannel',
  plural: 'MktChannels',
  schemaName: 'MktChannel',
  table: 'public.mkt_channels',
  collectionPath: '/v1/mkt/channels',
  fields: { ...lookupFields, channel_type: field(z.enum(CHANNEL_TYPES), { write: 'none', filter: 'text' }) },
});
