/** Content pieces and usage records as generic CRUD resources (marketing.content, marketing.content_usage). */
import type { ResourceSpec } from '../shared/crud/index.js';
import type { ColumnDeclarations } from '../shared/filters.js';
import { contentCreate, contentItem, contentUpdate, usageCreate, usageItem } from './schemas.js';

const CONTENT_COLUMNS =
  'id, content_id, property_id, template_id, title, content_type, content_body, content_html, excerpt, meta_title, meta_description, keywords, is_template, version, status, published_at, author, ai_generated, ai_model, tone, target_audience, word_count, reading_time_min, performance_score, tags, created_by, created_at, updated_at';

/** The list's select list: everything but the body and HTML (see schemas.ts, contentSummary). */
export const CONTENT_SUMMARY_COLUMNS = CONTENT_COLUMNS.replace(' content_body, content_html,', '');

export const contentResource: ResourceSpec = {
  noun: 'Content',
  plural: 'Content',
  domain: 'content',
  tag: 'content',
  table: 'marketing.content',
  collectionPath: '/v1/content',
  businessIdColumn: 'content_id',
  select: CONTENT_COLUMNS,
  // Orderable: each has an index (column, id), schema/93_list_order_indexes.sql.
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    content_id: { type: 'text', orderable: true, nullable: false },
    content_type: { type: 'text', orderable: true, nullable: false },
    property_id: { type: 'uuid', orderable: true },
    template_id: { type: 'uuid', orderable: true },
    status: { type: 'text' },
    is_template: { type: 'boolean' },
    title: { type: 'text' },
    author: { type: 'text' },
    ai_generated: { type: 'boolean' },
    tags: { type: 'text[]' },
    keywords: { type: 'text[]' },
    created_by: { type: 'text' },
    created_at: { type: 'timestamptz' },
    updated_at: { type: 'timestamptz' },
    published_at: { type: 'timestamptz' },
  },
  // uuidv7 ids: newest first.
  defaultOrder: 'id.desc',
  item: contentItem,
  create: contentCreate,
  update: contentUpdate,
};

export const contentUsageResource: ResourceSpec = {
  noun: 'ContentUsage',
  plural: 'ContentUsages',
  domain: 'content',
  tag: 'content',
  table: 'marketing.content_usage',
  collectionPath: '/v1/content-usage',
  select: 'id, content_id, library_asset_id, usage_type, usage_id, usage_context, used_at',
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    content_id: { type: 'uuid', orderable: true },
    library_asset_id: { type: 'uuid', orderable: true },
    usage_type: { type: 'text' },
    usage_id: { type: 'uuid' },
    used_at: { type: 'timestamptz' },
  },
  defaultOrder: 'id.desc',
  item: usageItem,
  create: usageCreate,
  // Usage is a log of where things are used: recorded and removed, never edited.
  operations: ['list', 'get', 'create', 'delete'],
};

/** Filters and order of a piece's version list (UNIQUE (content_id, version_number) serves the order within one piece). */
export const versionListColumns: ColumnDeclarations = {
  id: { type: 'uuid', nullable: false },
  version_number: { type: 'integer', orderable: true, nullable: false },
  changed_by: { type: 'text' },
  changed_at: { type: 'timestamptz' },
};
