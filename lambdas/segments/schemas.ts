/** zod for the segments domain: the one source of its request and response types. */
import { z } from 'zod';
import { timestamp, uuid } from '../platform/schemas.js';
import { MAX_CONDITIONS, MAX_DEPTH } from './criteria/language.js';

export const segmentType = z.enum(['static', 'dynamic']);
export const segmentStatus = z.enum(['active', 'inactive', 'archived']);

/**
 * A criteria document. Its grammar and the allowed fields (from the
 * reference table) are checked by the criteria validator, which names the
 * exact path of each problem; here it only has to be a JSON object.
 */
export const criteriaDocument = z.record(z.string(), z.unknown()).meta({
  description:
    `Nested groups {"all": [...]}, {"any": [...]}, {"not": {...}} (at most ${MAX_DEPTH} levels, ${MAX_CONDITIONS} conditions) ` +
    'of conditions {"field", "op", "value"}; fields and operators from GET /v1/reference/segment-criteria. See the README.',
});

export const writable = {
  segment_name: z.string().min(1).max(200),
  segment_type: segmentType.meta({ description: 'static: members added by hand; dynamic: members from criteria. Fixed after creation.' }),
  description: z.string().max(2000).nullable(),
  criteria: criteriaDocument.nullable(),
  auto_refresh: z.boolean().meta({ description: 'Dynamic segments: refreshed by the scheduled worker.' }),
  status: segmentStatus,
};

export const createSegmentBody = z
  .object({
    segment_name: writable.segment_name,
    segment_type: writable.segment_type.optional(),
    description: writable.description.optional(),
    criteria: writable.criteria.optional(),
    auto_refresh: writable.auto_refresh.optional(),
    status: writable.status.optional(),
  })
  .refine((v) => (v.segment_type === 'dynamic') === (v.criteria !== undefined && v.criteria !== null), {
    message: 'A dynamic segment needs criteria; a static segment has none.',
    path: ['criteria'],
    when: (payload) => payload.issues.length === 0,
  });
export type CreateSegmentInput = z.output<typeof createSegmentBody>;

export const updateSegmentBody = z
  .object({
    segment_name: writable.segment_name.optional(),
    description: writable.description.optional(),
    criteria: criteriaDocument.optional(),
    auto_refresh: writable.auto_refresh.optional(),
    status: writable.status.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.', when: (payload) => payload.issues.length === 0 });
export type UpdateSegmentInput = z.output<typeof updateSegmentBody>;

export const MAX_BULK_CONTACTS = 1000;
export const contactIdsBody = z.object({
  contact_ids: z.array(uuid).min(1).max(MAX_BULK_CONTACTS).meta({ description: `1 to ${MAX_BULK_CONTACTS} contact ids; repeats count once.` }),
});

export const addMembersResult = z.object({
  added: z.number().int(),
  readmitted: z.number().int().meta({ description: 'Removed members made current again (removed_at cleared).' }),
  already_members: z.number().int(),
});
export const removeMembersResult = z.object({
  removed: z.number().int(),
  not_members: z.number().int().meta({ description: 'Ids that were not current members (nothing to do).' }),
});

export const memberItem = z.object({
  id: uuid,
  segment_id: uuid,
  contact_id: uuid,
  added_at: timestamp.nullable(),
  added_by: z.string().nullable(),
  removed_at: timestamp.nullable(),
});
export const memberState = z.enum(['current', 'removed', 'all']);

/** A refresh takes no fields: no body, or `{}`. */
export const refreshBody = z.object({}).strict().optional();

export const refreshResult = z.object({
  segment_id: z.string(),
  added: z.number().int(),
  readmitted: z.number().int(),
  removed: z.number().int(),
  member_count: z.number().int(),
  last_calculated_at: timestamp,
});

export const MAX_SAMPLE = 50;
export const previewBody = z.object({
  criteria: criteriaDocument,
  sample_size: z.number().int().min(0).max(MAX_SAMPLE).optional().meta({ description: `Contacts to return, 0–${MAX_SAMPLE} (default 10).` }),
});
export const previewResult = z.object({
  count: z.number().int(),
  sample: z.array(z.object({ contact_id: uuid, full_name: z.string().nullable(), email: z.string().nullable() })),
});

export const explainResult = z.object({
  segment_id: z.string(),
  contact_id: uuid,
  is_member: z.boolean().meta({ description: 'Current member as of the last refresh.' }),
  matches: z.boolean().meta({ description: 'Whether the criteria select the contact now.' }),
  explanation: z.unknown().meta({ description: 'The criteria tree; every node with `path` and `holds`.' }),
});
