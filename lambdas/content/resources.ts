/**
 * Content pieces and usage records as generic CRUD resources
 * (marketing.content, marketing.content_usage), declared once by their fields.
 * Content's rules ride on the CRUD hooks: who edited and why (read by the
 * version trigger), word counts derived from the body, the author from the token.
 */
import * as z from 'zod/mini';
import type { CrudContext } from '../platform/crud/index.js';
import { defineResource, field, inputOnly, readOnly } from '../platform/crud/index.js';
import type { ColumnDeclarations } from '../platform/lists/filters.js';
import { decimalString, timestamp, uuid } from '../platform/schemas.js';
import { changeSummary, contentStatus, writable } from './schemas.js';
import { derivedTextStats } from './text-stats.js';
import { withMeta } from '../platform/schema-meta.js';

/** Settings read by the content version trigger (schema/81): who made the edit and why. */
export function versionSettings(actor: string | null, summary: unknown) {
  return { 'app.actor': actor, 'app.change_summary': typeof summary === 'string' ? summary : null };
}

const settings = (context: CrudContext) => versionSettings(context.principal?.sub ?? null, context.input.change_summary);
const withStats = (values: Record<string, unknown>) => ({ ...values, ...derivedTextStats(values) });

export const contentResource = defineResource({
  noun: 'Content',
  plural: 'Content',
  tag: 'content',
  schemaName: 'Content',
  table: 'marketing.content',
  collectionPath: '/v1/content',
  businessIdColumn: 'content_id',
  // uuidv7 ids: newest first.
  defaultOrder: 'id.desc',
  authorColumn: 'created_by',
  hooks: { create: withStats, update: withStats, settings },
  // Orderable: each has an index (column, id), schema/93_list_order_indexes.sql.
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    content_id: readOnly(withMeta(z.string(), { description: 'Business ID, CON-NNNNNN.' }), { filter: 'text', orderable: true }),
    property_id: field(writable.property_id, { filter: 'uuid', orderable: true }),
    template_id: field(writable.template_id, { filter: 'uuid', orderable: true, references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    title: field(writable.title, { write: 'required', filter: 'text' }),
    content_type: field(writable.content_type, { write: 'required', filter: 'text', orderable: true }),
    // Lists return summaries without body and HTML, so a page of 200 stays under the 1 MiB response limit.
    content_body: field(writable.content_body, { inList: false }),
    content_html: field(writable.content_html, { inList: false }),
    excerpt: field(writable.excerpt),
    meta_title: field(writable.meta_title),
    meta_description: field(writable.meta_description),
    keywords: field(writable.keywords, { filter: 'text[]' }),
    is_template: field(writable.is_template, { read: z.nullable(z.boolean()), filter: 'boolean' }),
    version: readOnly(z.nullable(z.int())),
    // Status moves only through POST /v1/content/{id}/status (the workflow).
    status: readOnly(z.nullable(contentStatus), { filter: 'text', hint: 'change it with POST /v1/content/{id}/status' }),
    published_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    author: field(writable.author, { filter: 'text' }),
    ai_generated: field(writable.ai_generated, { read: z.nullable(z.boolean()), filter: 'boolean' }),
    ai_model: field(writable.ai_model),
    tone: field(writable.tone),
    target_audience: field(writable.target_audience),
    word_count: field(writable.word_count),
    reading_time_min: field(writable.reading_time_min),
    performance_score: field(writable.performance_score, { read: z.nullable(decimalString) }),
    tags: field(writable.tags, { filter: 'text[]' }),
    created_by: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    updated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    change_summary: inputOnly(changeSummary),
  },
});

export const contentUsageResource = defineResource({
  noun: 'ContentUsage',
  plural: 'ContentUsages',
  tag: 'content',
  schemaName: 'ContentUsage',
  table: 'marketing.content_usage',
  collectionPath: '/v1/content-usage',
  defaultOrder: 'id.desc',
  // Usage is a log of where things are used: recorded and removed, never edited.
  operations: ['list', 'get', 'create', 'delete'],
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    content_id: field(z.nullable(uuid), { write: 'create', filter: 'uuid', orderable: true, references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    library_asset_id: field(z.nullable(uuid), { write: 'create', filter: 'uuid', orderable: true, references: { table: 'marketing.content_library', businessIdColumn: 'asset_id' } }),
    usage_type: field(
      withMeta(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lower-case word such as campaign, social_post, website, email')), { description: 'What uses it: campaign, social_post, website, email, ...' }),
      { write: 'required', read: z.string(), filter: 'text' },
    ),
    usage_id: field(withMeta(uuid, { description: 'The id of the using record (per usage_type).' }), { write: 'required', filter: 'uuid' }),
    usage_context: field(z.nullable(z.string().check(z.maxLength(500))), { read: z.nullable(z.string()) }),
    used_at: field(timestamp, { read: z.nullable(timestamp), filter: 'timestamptz' }),
  },
  // The same rule as CHECK content_usage_content_or_asset_check.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => v.content_id !== undefined || v.library_asset_id !== undefined, {
      message: 'Give content_id or library_asset_id (or both).',
      path: ['content_id'],
    })),
});

/** Filters and order of a piece's version list (UNIQUE (content_id, version_number) serves the order within one piece). */
export const versionListColumns: ColumnDeclarations = {
  id: { type: 'uuid', nullable: false },
  version_number: { type: 'integer', orderable: true, nullable: false },
  changed_by: { type: 'text' },
  changed_at: { type: 'timestamptz' },
};
