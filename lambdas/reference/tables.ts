/**
 * The four reference tables of the marketing schema, each served read-only at
 * /v1/reference/<resource>. Their codes are the values the CHECK lists allow
 * (content_type, platform, campaign_type) and the fields segment criteria use.
 */
import * as z from 'zod/mini';
import type { ColumnDeclarations } from '../platform/lists/filters.js';
import { withMeta } from '../platform/schema-meta.js';

export interface ReferenceTable {
  /** URL segment: /v1/reference/<resource>. */
  resource: string;
  table: string;
  /** Singular and plural nouns for operation ids (getContentType, listContentTypes). */
  noun: string;
  plural: string;
  description: string;
  select: string;
  item: z.ZodMiniType;
}

const common = {
  code: z.string(),
  display_name: z.string(),
  description: z.nullable(z.string()),
  sort_order: z.int(),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
};
const COMMON_SELECT = 'code, display_name, description, sort_order, is_active, created_at, updated_at';

/** Filters and orders every reference list accepts. */
export const referenceColumns: ColumnDeclarations = {
  code: { type: 'text', orderable: true, nullable: false },
  sort_order: { type: 'integer', orderable: true, nullable: false },
  is_active: { type: 'boolean' },
};

export const referenceTables: readonly ReferenceTable[] = [
  {
    resource: 'content-types',
    table: 'marketing.ref_content_types',
    noun: 'ContentType',
    plural: 'ContentTypes',
    description: 'Content types (the values of content.content_type) with writing guidelines.',
    select: `${COMMON_SELECT}, guidelines`,
    item: withMeta(z.object({ ...common, guidelines: z.record(z.string(), z.unknown()) }), { id: 'RefContentType' }),
  },
  {
    resource: 'social-platforms',
    table: 'marketing.ref_social_platforms',
    noun: 'SocialPlatform',
    plural: 'SocialPlatforms',
    description: 'Social platforms (the values of social_accounts.platform) and their posting rules.',
    select: `${COMMON_SELECT}, supported_post_types, max_caption_length, max_hashtags, config`,
    item: withMeta(z.object({
        ...common,
        supported_post_types: z.array(z.string()),
        max_caption_length: z.nullable(z.int()),
        max_hashtags: z.nullable(z.int()),
        config: z.record(z.string(), z.unknown()),
      }), { id: 'RefSocialPlatform' }),
  },
  {
    resource: 'campaign-types',
    table: 'marketing.ref_campaign_types',
    noun: 'CampaignType',
    plural: 'CampaignTypes',
    description: 'Campaign types (the values of campaigns.campaign_type) with default channels and templates.',
    select: `${COMMON_SELECT}, default_channels, template`,
    item: withMeta(z.object({ ...common, default_channels: z.array(z.string()), template: z.record(z.string(), z.unknown()) }), { id: 'RefCampaignType' }),
  },
  {
    resource: 'segment-criteria',
    table: 'marketing.ref_segment_criteria',
    noun: 'SegmentCriterion',
    plural: 'SegmentCriteria',
    description: 'Fields and operators a segment\'s criteria rules may use.',
    select: `${COMMON_SELECT}, data_type, operators, source, allowed_values, config`,
    item: withMeta(z.object({
        ...common,
        data_type: z.enum(['text', 'number', 'date', 'boolean', 'uuid']),
        operators: z.array(z.string()),
        source: z.string(),
        allowed_values: z.nullable(z.array(z.string())),
        config: z.record(z.string(), z.unknown()),
      }), { id: 'RefSegmentCriterion' }),
  },
];
