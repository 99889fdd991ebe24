/** zod for the segments domain: the one source of its request and response types. */
import * as z from 'zod/mini';
import { timestamp, uuid } from '../platform/schemas.js';
import { MAX_CONDITIONS, MAX_DEPTH } from './criteria/language.js';
import { withMeta } from '../platform/schema-meta.js';

export const segmentType = z.enum(['static', 'dynamic']);
export const segmentStatus = z.enum(['active', 'inactive', 'archived']);

/**
 * A criteria document. Its grammar and the allowed fields (from the
 * reference table) are checked by the criteria validator, which names the
 * exact path of each problem; here it only has to be a JSON object.
 */
export const criteriaDocument = withMeta(z.record(z.string(), z.unknown()), {
  description:
    `Nested groups {"all": [...]}, {"any": [...]}, {"not": {...}} (at most ${MAX_DEPTH} levels, ${MAX_CONDITIONS} conditions) ` +
    'of conditions {"field", "op", "value"}; fields and operators from GET /v1/reference/segment-criteria. See the README.',
});

export const writable = {
  segment_name: z.string().check(z.minLength(1), z.maxLength(200)),
  segment_type: withMeta(segmentType, { description: 'static: members added by hand; dynamic: members from criteria. Fixed after creation.' }),
  description: z.nullable(z.string().check(z.maxLength(2000))),
  criteria: z.nullable(criteriaDocument),
  auto_refresh: withMeta(z.boolean(), { description: 'Dynamic segments: refreshed by the scheduled worker.' }),
  status: segmentStatus,
};

export const createSegmentBody = z.object({
    segment_name: writable.segment_name,
    segment_type: z.optional(writable.segment_type),
    description: z.optional(writable.description),
    criteria: z.optional(writable.criteria),
    auto_refresh: z.optional(writable.auto_refresh),
    status: z.optional(writable.status),
  }).check(z.refine((v) => (v.segment_type === 'dynamic') === (v.criteria !== undefined && v.criteria !== null), {
    message: 'A dynamic segment needs criteria; a static segment has none.',
    path: ['criteria'],
    when: (payload) => payload.issues.length === 0,
  }));
export type CreateSegmentInput = z.output<typeof createSegmentBody>;

export const updateSegmentBody = z.object({
    segment_name: z.optional(writable.segment_name),
    description: z.optional(writable.description),
    criteria: z.optional(criteriaDocument),
    auto_refresh: z.optional(writable.auto_refresh),
    status: z.optional(writable.status),
  }).check(z.refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.', when: (payload) => payload.issues.length === 0 }));
export type UpdateSegmentInput = z.output<typeof updateSegmentBody>;

export const MAX_BULK_CONTACTS = 1000;
export const contactIdsBody = z.object({
  contact_ids: withMeta(z.array(uuid).check(z.minLength(1), z.maxLength(MAX_BULK_CONTACTS)), { description: `1 to ${MAX_BULK_CONTACTS} contact ids; repeats count once.` }),
});

export const addMembersResult = z.object({
  added: z.int(),
  readmitted: withMeta(z.int(), { description: 'Removed members made current again (removed_at cleared).' }),
  already_members: z.int(),
});
export const removeMembersResult = z.object({
  removed: z.int(),
  not_members: withMeta(z.int(), { description: 'Ids that were not current members (nothing to do).' }),
});

export const memberItem = z.object({
  id: uuid,
  segment_id: uuid,
  contact_id: uuid,
  added_at: z.nullable(timestamp),
  added_by: z.nullable(z.string()),
  removed_at: z.nullable(timestamp),
});
export const memberState = z.enum(['current', 'removed', 'all']);

/** A refresh takes no fields: no body, or `{}`. */
export const refreshBody = z.optional(z.strictObject({}));

export const refreshResult = z.object({
  segment_id: z.string(),
  added: z.int(),
  readmitted: z.int(),
  removed: z.int(),
  member_count: z.int(),
  last_calculated_at: timestamp,
});

export const MAX_SAMPLE = 50;
export const previewBody = z.object({
  criteria: criteriaDocument,
  sample_size: withMeta(z.optional(z.int().check(z.minimum(0), z.maximum(MAX_SAMPLE))), { description: `Contacts to return, 0–${MAX_SAMPLE} (default 10).` }),
});
export const previewResult = z.object({
  count: z.int(),
  sample: z.array(z.object({ contact_id: uuid, full_name: z.nullable(z.string()), email: z.nullable(z.string()) })),
});

export const explainResult = z.object({
  segment_id: z.string(),
  contact_id: uuid,
  is_member: withMeta(z.boolean(), { description: 'Current member as of the last refresh.' }),
  matches: withMeta(z.boolean(), { description: 'Whether the criteria select the contact now.' }),
  explanation: withMeta(z.unknown(), { description: 'The criteria tree; every node with `path` and `holds`.' }),
});
