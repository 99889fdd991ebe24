/**
 * zod schemas of the content domain. Enum lists mirror the CHECKs of
 * schema/81_marketing_content.sql exactly; string caps keep a content row,
 * its version snapshot and a list page inside the Data API's limits (a row of
 * a result at most 64 KB, a response at most 1 MiB).
 */
import { z } from 'zod';
import { jsonObject, nonNegativeInt, numeric, timestamp, uuid } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { referenceSchema } from '../platform/crud/fields.js';
import { CONTENT_STATUSES } from './workflow.js';

export const CONTENT_TYPES = ['blog', 'social', 'email', 'landing', 'description', 'ad_copy', 'newsletter', 'guide'] as const;
export const contentType = z.enum(CONTENT_TYPES);
export const contentStatus = z.enum(CONTENT_STATUSES);

/** A string capped in UTF-8 bytes (the Data API's limits are bytes, not characters). */
function utf8Text(maxBytes: number) {
  return z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= maxBytes, `must be at most ${maxBytes} bytes (UTF-8)`);
}

const shortArray = withinBytes(z.array(z.string().min(1).max(100)).max(50));

export const BODY_MAX_BYTES = 20_000;
export const HTML_MAX_BYTES = 30_000;

/** Writable columns (created_by, status, published_at and version are the server's). */
export const writable = {
  property_id: uuid.nullable().meta({ description: 'Property (null = company-wide).' }),
  template_id: uuid.nullable().meta({ description: 'The template this piece was made from.' }),
  title: z.string().min(1).max(300),
  content_type: contentType,
  content_body: utf8Text(BODY_MAX_BYTES).nullable().meta({ description: 'Markdown or plain text.' }),
  content_html: utf8Text(HTML_MAX_BYTES).nullable(),
  excerpt: z.string().max(1000).nullable(),
  meta_title: z.string().max(300).nullable(),
  meta_description: z.string().max(1000).nullable(),
  keywords: shortArray.nullable(),
  is_template: z.boolean(),
  author: z.string().max(200).nullable(),
  ai_generated: z.boolean(),
  ai_model: z.string().max(100).nullable(),
  tone: z.string().max(100).nullable(),
  target_audience: z.string().max(300).nullable(),
  word_count: nonNegativeInt.nullable().meta({ description: 'Counted from content_body when not given.' }),
  reading_time_min: nonNegativeInt.nullable().meta({ description: 'ceil(word_count / 200), at least 1, when not given.' }),
  performance_score: numeric(5, 2).nullable(),
  tags: shortArray.nullable(),
};

export const changeSummary = z.string().min(1).max(500).meta({ description: 'Recorded with the version this write creates.' });

export const statusChange = z.object({
  status: contentStatus,
  change_summary: changeSummary.optional(),
});

export const instantiateBody = z.object({
  title: writable.title.optional().meta({ description: "Default: the template's title." }),
  property_id: writable.property_id.optional().meta({ description: "Default: the template's property." }),
  author: writable.author.optional(),
  change_summary: changeSummary.optional(),
});

export const restoreBody = z.object({ change_summary: changeSummary.optional() });

export const versionNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, 'must be a positive whole number')
  .meta({ description: 'Version number (1 = as created).' });

export const versionSummary = z
  .object({
    id: uuid,
    content_id: uuid,
    version_number: z.number().int(),
    title: z.string().nullable().meta({ description: 'The title in this version.' }),
    changed_by: z.string().nullable(),
    changed_at: timestamp.nullable(),
    change_summary: z.string().nullable(),
  })
  .meta({ id: 'ContentVersionSummary' });

export const versionItem = versionSummary
  .omit({ title: true })
  .extend({ content_snapshot: jsonObject.meta({ description: 'The content row as it was (to_jsonb).' }) })
  .meta({ id: 'ContentVersion' });

export const MAX_COMPONENT_POSITION = 1_000_000;

export const COMPONENT_TYPE_HINT = 'header, body, image, gallery, cta, ... (free text)';

/** What a component names, by uuid or business ID (resolved by the inserting statement). */
export const COMPONENT_REFERENCES = {
  component_content_id: { table: 'marketing.content', businessIdColumn: 'content_id' },
  component_asset_id: { table: 'marketing.content_library', businessIdColumn: 'asset_id' },
} as const;

export const componentCreate = z
  .object({
    component_content_id: referenceSchema(COMPONENT_REFERENCES.component_content_id).optional(),
    component_asset_id: referenceSchema(COMPONENT_REFERENCES.component_asset_id).optional(),
    component_type: z.string().min(1).max(50).optional().meta({ description: COMPONENT_TYPE_HINT }),
    // Capped well below the integer column's limit so "after the last" (max + 1) always has room.
    position: nonNegativeInt.max(MAX_COMPONENT_POSITION).optional().meta({ description: 'Order among siblings (0 to 1,000,000); default: after the last.' }),
  })
  .refine((v) => (v.component_content_id === undefined) !== (v.component_asset_id === undefined), {
    message: 'Give exactly one of component_content_id and component_asset_id.',
    path: ['component_content_id'],
  });

export const componentItem = z
  .object({
    id: uuid,
    parent_content_id: uuid,
    component_content_id: uuid.nullable(),
    component_asset_id: uuid.nullable(),
    component_type: z.string().nullable(),
    position: z.number().int().nullable(),
    created_at: timestamp.nullable(),
  })
  .meta({ id: 'ContentComponent' });

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

const componentNode: z.ZodType<ComponentNode> = z
  .object({
    id: uuid,
    component_type: z.string().nullable(),
    position: z.number().int().nullable(),
    component_content_id: uuid.nullable(),
    component_asset_id: uuid.nullable(),
    content: z
      .object({ id: uuid, content_id: z.string(), title: z.string(), content_type: z.string(), status: z.string().nullable() })
      .nullable(),
    asset: z.object({ id: uuid, asset_id: z.string(), filename: z.string(), asset_type: z.string(), file_url: z.string() }).nullable(),
    cycle: z.boolean().meta({ description: 'This child already appears above it in the branch; not expanded again.' }),
    truncated: z.boolean().meta({ description: 'The depth limit stopped here although the child has components.' }),
    repeat_of: uuid.nullable().meta({
      description:
        "This child content's components are listed under the node with this id (its first occurrence, breadth first): each content is expanded once.",
    }),
    get components() {
      return z.array(componentNode);
    },
  })
  .meta({ id: 'ContentComponentNode' });

export const MAX_TREE_DEPTH = 10;

export const treeQuery = z.object({
  max_depth: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .refine((v) => Number(v) >= 1 && Number(v) <= MAX_TREE_DEPTH, `must be between 1 and ${MAX_TREE_DEPTH}`)
    .optional()
    .meta({ description: `Levels to expand, 1–${MAX_TREE_DEPTH} (default ${MAX_TREE_DEPTH}).` }),
});

export const componentTree = z.object({ content_id: uuid, components: z.array(componentNode) }).meta({ id: 'ContentComponentTree' });

