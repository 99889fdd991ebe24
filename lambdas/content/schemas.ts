/**
 * zod schemas of the content domain. Enum lists mirror the CHECKs of
 * schema/81_marketing_content.sql exactly; string caps keep a content row,
 * its version snapshot and a list page inside the Data API's limits (a row of
 * a result at most 64 KB, a response at most 1 MiB).
 */
import * as z from 'zod/mini';
import { jsonObject, nonNegativeInt, numeric, timestamp, uuid } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { referenceSchema } from '../platform/crud/fields.js';
import { CONTENT_STATUSES } from './workflow.js';
import { withMeta } from '../platform/schema-meta.js';

export const CONTENT_TYPES = ['blog', 'social', 'email', 'landing', 'description', 'ad_copy', 'newsletter', 'guide'] as const;
export const contentType = z.enum(CONTENT_TYPES);
export const contentStatus = z.enum(CONTENT_STATUSES);

/** A string capped in UTF-8 bytes (the Data API's limits are bytes, not characters). */
function utf8Text(maxBytes: number) {
  return z.string().check(z.refine((s) => Buffer.byteLength(s, 'utf8') <= maxBytes, `must be at most ${maxBytes} bytes (UTF-8)`));
}

const shortArray = withinBytes(z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(50)));

export const BODY_MAX_BYTES = 20_000;
export const HTML_MAX_BYTES = 30_000;

/** Writable columns (created_by, status, published_at and version are the server's). */
export const writable = {
  property_id: withMeta(z.nullable(uuid), { description: 'Property (null = company-wide).' }),
  template_id: withMeta(z.nullable(uuid), { description: 'The template this piece was made from.' }),
  title: z.string().check(z.minLength(1), z.maxLength(300)),
  content_type: contentType,
  content_body: withMeta(z.nullable(utf8Text(BODY_MAX_BYTES)), { description: 'Markdown or plain text.' }),
  content_html: z.nullable(utf8Text(HTML_MAX_BYTES)),
  excerpt: z.nullable(z.string().check(z.maxLength(1000))),
  meta_title: z.nullable(z.string().check(z.maxLength(300))),
  meta_description: z.nullable(z.string().check(z.maxLength(1000))),
  keywords: z.nullable(shortArray),
  is_template: z.boolean(),
  author: z.nullable(z.string().check(z.maxLength(200))),
  ai_generated: z.boolean(),
  ai_model: z.nullable(z.string().check(z.maxLength(100))),
  tone: z.nullable(z.string().check(z.maxLength(100))),
  target_audience: z.nullable(z.string().check(z.maxLength(300))),
  word_count: withMeta(z.nullable(nonNegativeInt), { description: 'Counted from content_body when not given.' }),
  reading_time_min: withMeta(z.nullable(nonNegativeInt), { description: 'ceil(word_count / 200), at least 1, when not given.' }),
  performance_score: z.nullable(numeric(5, 2)),
  tags: z.nullable(shortArray),
};

export const changeSummary = withMeta(z.string().check(z.minLength(1), z.maxLength(500)), { description: 'Recorded with the version this write creates.' });

export const statusChange = z.object({
  status: contentStatus,
  change_summary: z.optional(changeSummary),
});

export const instantiateBody = z.object({
  title: withMeta(z.optional(writable.title), { description: "Default: the template's title." }),
  property_id: withMeta(z.optional(writable.property_id), { description: "Default: the template's property." }),
  author: z.optional(writable.author),
  change_summary: z.optional(changeSummary),
});

export const restoreBody = z.object({ change_summary: z.optional(changeSummary) });

export const versionNumber = withMeta(z.string().check(z.regex(/^[1-9]\d{0,8}$/, 'must be a positive whole number')), { description: 'Version number (1 = as created).' });

export const versionSummary = withMeta(z.object({
    id: uuid,
    content_id: uuid,
    version_number: z.int(),
    title: withMeta(z.nullable(z.string()), { description: 'The title in this version.' }),
    changed_by: z.nullable(z.string()),
    changed_at: z.nullable(timestamp),
    change_summary: z.nullable(z.string()),
  }), { id: 'ContentVersionSummary' });

export const versionItem = withMeta(z.extend(z.omit(versionSummary, { title: true }), { content_snapshot: withMeta(jsonObject, { description: 'The content row as it was (to_jsonb).' }) }), { id: 'ContentVersion' });

export const MAX_COMPONENT_POSITION = 1_000_000;

export const COMPONENT_TYPE_HINT = 'header, body, image, gallery, cta, ... (free text)';

/** What a component names, by uuid or business ID (resolved by the inserting statement). */
export const COMPONENT_REFERENCES = {
  component_content_id: { table: 'marketing.content', businessIdColumn: 'content_id' },
  component_asset_id: { table: 'marketing.content_library', businessIdColumn: 'asset_id' },
} as const;

export const componentCreate = z.object({
    component_content_id: z.optional(referenceSchema(COMPONENT_REFERENCES.component_content_id)),
    component_asset_id: z.optional(referenceSchema(COMPONENT_REFERENCES.component_asset_id)),
    component_type: withMeta(z.optional(z.string().check(z.minLength(1), z.maxLength(50))), { description: COMPONENT_TYPE_HINT }),
    // Capped well below the integer column's limit so "after the last" (max + 1) always has room.
    position: withMeta(z.optional(nonNegativeInt.check(z.maximum(MAX_COMPONENT_POSITION))), { description: 'Order among siblings (0 to 1,000,000); default: after the last.' }),
  }).check(z.refine((v) => (v.component_content_id === undefined) !== (v.component_asset_id === undefined), {
    message: 'Give exactly one of component_content_id and component_asset_id.',
    path: ['component_content_id'],
  }));

export const componentItem = withMeta(z.object({
    id: uuid,
    parent_content_id: uuid,
    component_content_id: z.nullable(uuid),
    component_asset_id: z.nullable(uuid),
    component_type: z.nullable(z.string()),
    position: z.nullable(z.int()),
    created_at: z.nullable(timestamp),
  }), { id: 'ContentComponent' });

export interface ComponentNode {
  id: string;
  component_type: string | null;
  position: number | null;
  component_content_id: string | null;
  component_asset_id: string | null;
  content: { id: string; content_id: string; title: string; content_type: string; status: string | null } | null;
  asset: { id: string; asset_id: string; filename: string; asset_type: string; file_url: string } | null;
  cycle: boolean;
  truncated: boolean;
  repeat_of: string | null;
  components: ComponentNode[];
}

const componentNode: z.ZodMiniType<ComponentNode> = withMeta(z.object({
    id: uuid,
    component_type: z.nullable(z.string()),
    position: z.nullable(z.int()),
    component_content_id: z.nullable(uuid),
    component_asset_id: z.nullable(uuid),
    content: z.nullable(z.object({ id: uuid, content_id: z.string(), title: z.string(), content_type: z.string(), status: z.nullable(z.string()) })),
    asset: z.nullable(z.object({ id: uuid, asset_id: z.string(), filename: z.string(), asset_type: z.string(), file_url: z.string() })),
    cycle: withMeta(z.boolean(), { description: 'This child already appears above it in the branch; not expanded again.' }),
    truncated: withMeta(z.boolean(), { description: 'The depth limit stopped here although the child has components.' }),
    repeat_of: withMeta(z.nullable(uuid), {
      description:
        "This child content's components are listed under the node with this id (its first occurrence, breadth first): each content is expanded once.",
    }),
    get components() {
      return z.array(componentNode);
    },
  }), { id: 'ContentComponentNode' });

export const MAX_TREE_DEPTH = 10;

export const treeQuery = z.object({
  max_depth: withMeta(z.optional(z.string().check(z.regex(/^\d+$/, 'must be a whole number'), z.refine((v) => Number(v) >= 1 && Number(v) <= MAX_TREE_DEPTH, `must be between 1 and ${MAX_TREE_DEPTH}`))), { description: `Levels to expand, 1–${MAX_TREE_DEPTH} (default ${MAX_TREE_DEPTH}).` }),
});

export const componentTree = withMeta(z.object({ content_id: uuid, components: z.array(componentNode) }), { id: 'ContentComponentTree' });

