/**
 * The content framework's plain tables, each one CRUD declaration: pillars
 * (MPIL) with their allowed content types and tags, ideas, content (MCON;
 * created as masters: repurposed pieces come from POST .../repurpose), tags
 * with their assignments, and the schedule. Who created a row comes from the
 * token (schema/95 resolves app.actor).
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly, type CrudContext, type ParentSpec } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';
import {
  CONTENT_ROLES,
  CONTENT_STATUSES,
  IDEA_PRIORITIES,
  IDEA_SOURCES,
  IDEA_STATUSES,
  PILLAR_STATUSES,
  SCHEDULE_STATUSES,
  TAG_GROUPS,
  language,
  slug,
  url,
} from './schemas.js';

const actorSettings = (context: CrudContext) => ({ 'app.actor': context.principal?.sub ?? null });
const hooks = { settings: actorSettings };
const id = readOnly(uuid, { filter: 'uuid', orderable: true });
/** Orderable columns have their (column, id) index, scoped to the parent for nested lists (schema/111). */
const ordered = { orderable: true } as const;
const createdAt = readOnly(timestamp, { filter: 'timestamptz', ...ordered });
const createdBy = readOnly(withMeta(z.nullable(uuid), { description: "The creator's profile, from the token." }), { filter: 'uuid' });
/** A join row's member is fixed once linked (a different member is a different row), and required. */
const requireOnCreate = (column: string) => (derived: z.ZodMiniObject) =>
  derived.check(z.refine((v) => v[column] !== undefined, { message: 'Required', path: [column] }));

export const pillarResource = defineResource({
  noun: 'MktPillar',
  plural: 'MktPillars',
  tag: 'mkt-content',
  schemaName: 'MktPillar',
  table: 'public.mkt_con_pillars',
  collectionPath: '/v1/mkt/pillars',
  businessIdColumn: 'pillar_code',
  defaultOrder: 'id.desc',
  hooks,
  fields: {
    id,
    pillar_code: readOnly(withMeta(z.string(), { description: 'Business ID, MPIL-NNNNNN.' }), { filter: 'text' }),
    pillar_type_id: field(uuid, { write: 'required', filter: 'uuid' }),
    ndp_topic_id: field(withMeta(z.nullable(uuid), { description: 'The research topic it is built on.' }), { filter: 'uuid', references: { table: 'public.mkt_ndp_topics', businessIdColumn: 'topic_code' } }),
    primary_segment_id: field(z.nullable(uuid), { filter: 'uuid' }),
    title: field(z.string().check(z.minLength(1), z.maxLength(300)), { write: 'required', filter: 'text', ...ordered }),
    summary: field(z.nullable(z.string().check(z.maxLength(5000))), { inList: false }),
    core_message: field(z.nullable(z.string().check(z.maxLength(2000))), { inList: false }),
    status: field(z.enum(PILLAR_STATUSES), { filter: 'text', ...ordered }),
    owner_id: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: createdBy,
    created_at: createdAt,
    updated_at: readOnly(timestamp),
  },
});

const pillarParent = { param: 'pillarId', column: 'pillar_id', table: 'public.mkt_con_pillars', businessIdColumn: 'pillar_code' };

export const pillarContentTypeResource = defineResource({
  noun: 'MktPillarContentType',
  plural: 'MktPillarContentTypes',
  tag: 'mkt-content',
  schemaName: 'MktPillarContentType',
  table: 'public.mkt_con_pillar_content_types',
  collectionPath: '/v1/mkt/pillars/{pillarId}/content-types',
  parent: pillarParent,
  defaultOrder: 'id.asc',
  roles: { delete: 'marketer' },
  hooks,
  fields: {
    id,
    pillar_id: readOnly(uuid),
    content_type_id: field(withMeta(uuid, { description: 'A content type the pillar may be repurposed into.' }), { write: 'create', filter: 'uuid' }),
    planned_count: field(z.int().check(z.minimum(0), z.maximum(32767)), { filter: 'integer', ...ordered }),
    created_by: readOnly(z.nullable(uuid)),
    created_at: createdAt,
  },
  refineCreate: requireOnCreate('content_type_id'),
});

/** A tag assignment under its parent (a pillar, a piece of content): a join row, created and deleted, never changed. */
function tagAssignmentResource(noun: string, table: string, collectionPath: string, parent: ParentSpec) {
  return defineResource({
    noun,
    plural: `${noun}s`,
    tag: 'mkt-content',
    schemaName: noun,
    table,
    collectionPath,
    parent,
    defaultOrder: 'id.asc',
    operations: ['list', 'get', 'create', 'delete'],
    roles: { delete: 'marketer' },
    hooks,
    fields: {
      id,
      [parent.column]: readOnly(uuid),
      tag_id: field(uuid, { write: 'create', filter: 'uuid' }),
      created_by: readOnly(z.nullable(uuid)),
      created_at: createdAt,
    },
    refineCreate: requireOnCreate('tag_id'),
  });
}

export const pillarTagResource = tagAssignmentResource('MktPillarTag', 'public.mkt_con_pillar_tag_assignments', '/v1/mkt/pillars/{pillarId}/tags', pillarParent);

export const ideaResource = defineResource({
  noun: 'MktIdea',
  plural: 'MktIdeas',
  tag: 'mkt-content',
  schemaName: 'MktIdea',
  table: 'public.mkt_con_ideas',
  collectionPath: '/v1/mkt/ideas',
  defaultOrder: 'id.desc',
  hooks,
  fields: {
    id,
    title: field(z.string().check(z.minLength(1), z.maxLength(300)), { write: 'required', filter: 'text', ...ordered }),
    description: field(z.nullable(z.string().check(z.maxLength(5000))), { inList: false }),
    ndp_topic_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'public.mkt_ndp_topics', businessIdColumn: 'topic_code' } }),
    pillar_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'public.mkt_con_pillars', businessIdColumn: 'pillar_code' } }),
    content_type_id: field(z.nullable(uuid), { filter: 'uuid' }),
    segment_id: field(z.nullable(uuid), { filter: 'uuid' }),
    source: field(z.enum(IDEA_SOURCES), { filter: 'text' }),
    priority: field(z.enum(IDEA_PRIORITIES), { filter: 'text' }),
    // Generated from priority by the database (schema/114): text orders high, low, medium; the rank orders by priority.
    priority_rank: readOnly(withMeta(z.int().check(z.minimum(1), z.maximum(3)), { description: 'priority as a number, 1 low, 2 medium, 3 high: `order=priority_rank.desc` lists high first.' }), { filter: 'integer', ...ordered }),
    status: field(z.enum(IDEA_STATUSES), { filter: 'text', ...ordered }),
    submitted_by: readOnly(withMeta(z.nullable(uuid), { description: "The submitter's profile, from the token." }), { filter: 'uuid' }),
    created_at: createdAt,
    updated_at: readOnly(timestamp),
  },
});

export const contentResource = defineResource({
  noun: 'MktContent',
  plural: 'MktContent',
  tag: 'mkt-content',
  schemaName: 'MktContent',
  table: 'public.mkt_con_content',
  collectionPath: '/v1/mkt/content',
  businessIdColumn: 'content_code',
  defaultOrder: 'id.desc',
  hooks,
  fields: {
    id,
    content_code: readOnly(withMeta(z.string(), { description: 'Business ID, MCON-NNNNNN.' }), { filter: 'text' }),
    // POST creates masters; repurposed pieces are made from a master (POST /v1/mkt/content/{id}/repurpose).
    content_role: readOnly(z.enum(CONTENT_ROLES), { filter: 'text' }),
    parent_content_id: readOnly(withMeta(z.nullable(uuid), { description: 'The master of a repurposed piece.' }), { filter: 'uuid' }),
    content_type_id: field(uuid, { write: 'required', filter: 'uuid' }),
    pillar_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'public.mkt_con_pillars', businessIdColumn: 'pillar_code' } }),
    ndp_topic_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'public.mkt_ndp_topics', businessIdColumn: 'topic_code' } }),
    segment_id: field(z.nullable(uuid), { filter: 'uuid' }),
    source_idea_id: readOnly(withMeta(z.nullable(uuid), { description: 'Set when the piece was promoted from an idea.' }), { filter: 'uuid' }),
    title: field(z.string().check(z.minLength(1), z.maxLength(300)), { write: 'required', filter: 'text', ...ordered }),
    summary: field(z.nullable(z.string().check(z.maxLength(2000)))),
    body: field(z.nullable(z.string().check(z.maxLength(40000))), { inList: false }),
    call_to_action: field(z.nullable(z.string().check(z.maxLength(500)))),
    media_url: field(z.nullable(url)),
    language: field(language, { filter: 'text' }),
    status: field(z.enum(CONTENT_STATUSES), { filter: 'text', ...ordered }),
    published_at: field(z.nullable(timestamp), { filter: 'timestamptz', ...ordered }),
    author_id: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: createdBy,
    created_at: createdAt,
    updated_at: readOnly(timestamp),
  },
});

export const tagResource = defineResource({
  noun: 'MktTag',
  plural: 'MktTags',
  tag: 'mkt-content',
  schemaName: 'MktTag',
  table: 'public.mkt_con_tags',
  collectionPath: '/v1/mkt/tags',
  defaultOrder: 'id.asc',
  hooks,
  fields: {
    id,
    slug: field(slug, { write: 'required', filter: 'text', ...ordered }),
    name: field(z.string().check(z.minLength(1), z.maxLength(100)), { write: 'required', filter: 'text', ...ordered }),
    tag_group: field(z.enum(TAG_GROUPS), { filter: 'text' }),
    created_by: createdBy,
    created_at: readOnly(timestamp),
    updated_at: readOnly(timestamp),
  },
});

export const contentTagResource = tagAssignmentResource('MktContentTag', 'public.mkt_con_tag_assignments', '/v1/mkt/content/{contentId}/tags', {
  param: 'contentId',
  column: 'content_id',
  table: 'public.mkt_con_content',
  businessIdColumn: 'content_code',
});

export const scheduleResource = defineResource({
  noun: 'MktScheduleSlot',
  plural: 'MktScheduleSlots',
  tag: 'mkt-content',
  schemaName: 'MktScheduleSlot',
  table: 'public.mkt_con_schedule',
  collectionPath: '/v1/mkt/schedule',
  defaultOrder: 'id.desc',
  hooks,
  fields: {
    id,
    content_id: field(uuid, { write: 'required', filter: 'uuid', references: { table: 'public.mkt_con_content', businessIdColumn: 'content_code' } }),
    channel_id: field(uuid, { write: 'required', filter: 'uuid' }),
    campaign_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'public.mkt_campaigns', businessIdColumn: 'campaign_code' } }),
    scheduled_for: field(timestamp, { write: 'required', filter: 'timestamptz', ...ordered }),
    status: field(z.enum(SCHEDULE_STATUSES), { filter: 'text', ...ordered }),
    published_at: field(z.nullable(timestamp), { filter: 'timestamptz', ...ordered }),
    external_post_id: field(z.nullable(z.string().check(z.maxLength(200)))),
    external_post_url: field(z.nullable(url)),
    failure_reason: field(z.nullable(z.string().check(z.maxLength(2000)))),
    assigned_to: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: createdBy,
    created_at: readOnly(timestamp),
    updated_at: readOnly(timestamp),
  },
  // The same rule as CHECK mkt_con_schedule_published_check, with the field that breaks it.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => v.status !== 'published' || typeof v.published_at === 'string', { message: 'Required when status is published', path: ['published_at'] })),
});
