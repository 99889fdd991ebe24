/** Segments as a CRUD resource (marketing.segments), declared once by its fields. */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import type { ColumnDeclarations } from '../platform/lists/filters.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { writable } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const segmentResource = defineResource({
  noun: 'Segment',
  plural: 'Segments',
  tag: 'segments',
  schemaName: 'Segment',
  table: 'marketing.segments',
  collectionPath: '/v1/segments',
  businessIdColumn: 'segment_id',
  defaultOrder: 'id.desc',
  authorColumn: 'created_by',
  // Create and PATCH are the domain's own routes: criteria are checked against the reference table first.
  operations: ['list', 'get', 'delete'],
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    segment_id: readOnly(withMeta(z.string(), { description: 'Business ID, SEG-NNNNNN.' }), { filter: 'text', orderable: true }),
    segment_name: field(writable.segment_name, { write: 'required', filter: 'text' }),
    segment_type: field(writable.segment_type, { write: 'create', read: z.nullable(z.string()), filter: 'text' }),
    description: field(writable.description),
    criteria: field(writable.criteria, { read: z.unknown() }),
    member_count: readOnly(z.nullable(z.int()), { filter: 'integer' }),
    last_calculated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    auto_refresh: field(writable.auto_refresh, { read: z.nullable(z.boolean()), filter: 'boolean' }),
    status: field(writable.status, { read: z.nullable(z.string()), filter: 'text' }),
    created_by: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    updated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
  },
});

/**
 * Filters and order of a segment's member list. `contact_id` is the
 * tie-breaker: UNIQUE (segment_id, contact_id) serves the keyset within one
 * segment, so a page costs the same at member 1 and member 1,000,000.
 */
export const memberListColumns: ColumnDeclarations = {
  contact_id: { type: 'uuid', orderable: true, nullable: false },
  added_at: { type: 'timestamptz' },
  added_by: { type: 'text' },
  removed_at: { type: 'timestamptz' },
};
