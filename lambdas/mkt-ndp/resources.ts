/**
 * NDP categories (seeded, read-only), research topics (business code
 * MNDP-NNNNNN) and topic -> segment links, each declared once by its fields.
 * Who created a row comes from the token (schema/95 resolves app.actor).
 */
import * as z from 'zod/mini';
import { defineResource, field, lookupFields, readOnly, type CrudContext } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { TOPIC_SOURCES, TOPIC_STATUSES, oneToFive } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

const actorSettings = (context: CrudContext) => ({ 'app.actor': context.principal?.sub ?? null });
/** Orderable columns have their (column, id) index, scoped to the parent for nested lists (schema/111). */
const ordered = { orderable: true } as const;

export const categoryResource = defineResource({
  noun: 'MktNdpCategory',
  plural: 'MktNdpCategories',
  tag: 'mkt-ndp',
  schemaName: 'MktNdpCategory',
  table: 'public.mkt_ndp_categories',
  collectionPath: '/v1/mkt/ndp-categories',
  defaultOrder: 'id.asc',
  operations: ['list'],
  // The seeded categories in display order (sort_order) or by name.
  fields: {
    ...lookupFields,
    name: readOnly(z.string(), { filter: 'text', ...ordered }),
    sort_order: readOnly(z.int(), { filter: 'integer', ...ordered }),
  },
});

export const topicResource = defineResource({
  noun: 'MktNdpTopic',
  plural: 'MktNdpTopics',
  tag: 'mkt-ndp',
  schemaName: 'MktNdpTopic',
  table: 'public.mkt_ndp_topics',
  collectionPath: '/v1/mkt/ndp-topics',
  businessIdColumn: 'topic_code',
  defaultOrder: 'id.desc',
  // The list is the domain's own route: it adds the category and segment filters (api.ts).
  operations: ['get', 'create', 'update', 'delete'],
  hooks: { settings: actorSettings },
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    topic_code: readOnly(withMeta(z.string(), { description: 'Business ID, MNDP-NNNNNN.' }), { filter: 'text' }),
    category_id: field(uuid, { write: 'required', filter: 'uuid' }),
    title: field(z.string().check(z.minLength(1), z.maxLength(300)), { write: 'required', filter: 'text', ...ordered }),
    icp_statement: field(withMeta(z.string().check(z.minLength(1), z.maxLength(5000)), { description: "The need, desire or pain in the ideal customer's own words." }), {
      write: 'required',
    }),
    description: field(z.nullable(z.string().check(z.maxLength(10000))), { inList: false }),
    source: field(z.enum(TOPIC_SOURCES), { filter: 'text' }),
    source_reference: field(z.nullable(z.string().check(z.maxLength(2000)))),
    intensity: field(withMeta(z.nullable(oneToFive), { description: '1 (mild) to 5 (acute).' }), { filter: 'integer', ...ordered }),
    status: field(z.enum(TOPIC_STATUSES), { filter: 'text', ...ordered }),
    researched_by: field(withMeta(z.nullable(uuid), { description: 'Who did the research (a profile).' }), { filter: 'uuid' }),
    created_by: readOnly(z.nullable(uuid), { filter: 'uuid' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz', ...ordered }),
    updated_at: readOnly(timestamp),
  },
});

export const topicSegmentResource = defineResource({
  noun: 'MktNdpTopicSegment',
  plural: 'MktNdpTopicSegments',
  tag: 'mkt-ndp',
  schemaName: 'MktNdpTopicSegment',
  table: 'public.mkt_ndp_topic_segments',
  collectionPath: '/v1/mkt/ndp-topics/{topicId}/segments',
  parent: { param: 'topicId', column: 'ndp_topic_id', table: 'public.mkt_ndp_topics', businessIdColumn: 'topic_code' },
  defaultOrder: 'id.asc',
  // A link is research bookkeeping, not a record to protect: whoever may link may unlink.
  roles: { delete: 'marketer' },
  hooks: { settings: actorSettings },
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    ndp_topic_id: readOnly(uuid),
    // Fixed once linked: a different segment is a different link.
    segment_id: field(uuid, { write: 'create', filter: 'uuid' }),
    relevance: field(oneToFive, { filter: 'integer', ...ordered }),
    created_by: readOnly(z.nullable(uuid)),
    created_at: readOnly(timestamp, { filter: 'timestamptz', ...ordered }),
  },
  refineCreate: (derived) => derived.check(z.refine((v) => v.segment_id !== undefined, { message: 'Required', path: ['segment_id'] })),
});
