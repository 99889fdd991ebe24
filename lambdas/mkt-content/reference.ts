/** The seeded content types (24) and pillar types (6), served read-only: a list and one row by code. */
import * as z from 'zod/mini';
import { defineResource, lookupFields, readOnly } from '../platform/crud/index.js';
import { uuid } from '../platform/schemas.js';
import { CONTENT_FORMATS } from './schemas.js';

const referenceBase = { tag: 'mkt-reference', defaultOrder: 'id.asc', operations: ['list'] as const };
/** The seeded rows in display order (sort_order) or by name: each has its (column, id) index (schema/111). */
const orderedLookupFields = {
  ...lookupFields,
  name: readOnly(z.string(), { filter: 'text', orderable: true }),
  sort_order: readOnly(z.int(), { filter: 'integer', orderable: true }),
};

export const contentTypeResource = defineResource({
  ...referenceBase,
  noun: 'MktContentType',
  plural: 'MktContentTypes',
  schemaName: 'MktContentType',
  table: 'public.mkt_con_types',
  collectionPath: '/v1/mkt/content-types',
  fields: {
    ...orderedLookupFields,
    format: readOnly(z.enum(CONTENT_FORMATS), { filter: 'text' }),
    default_channel_id: readOnly(z.nullable(uuid), { filter: 'uuid' }),
  },
});

export const pillarTypeResource = defineResource({
  ...referenceBase,
  noun: 'MktPillarType',
  plural: 'MktPillarTypes',
  schemaName: 'MktPillarType',
  table: 'public.mkt_con_pillar_types',
  collectionPath: '/v1/mkt/pillar-types',
  fields: orderedLookupFields,
});
