/**
 * Social posts as a CRUD resource (marketing.social_posts). Status, approval
 * and the publishing outcome are not writable here: status moves through
 * POST /v1/social-posts/{id}/status (the caller's moves) and the dispatch
 * worker (publishing, published, failed); approval through …/approval.
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { postWritable } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const socialPostResource = defineResource({
  noun: 'SocialPost',
  plural: 'SocialPosts',
  tag: 'social',
  schemaName: 'SocialPost',
  table: 'marketing.social_posts',
  collectionPath: '/v1/social-posts',
  businessIdColumn: 'social_post_id',
  defaultOrder: 'id.desc',
  authorColumn: 'created_by',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    social_post_id: readOnly(withMeta(z.string(), { description: 'Business ID, SP-NNNNNN.' }), { filter: 'text', orderable: true }),
    account_id: field(postWritable.account_id, { write: 'required', filter: 'uuid', references: { table: 'marketing.social_accounts', businessIdColumn: 'social_account_id' } }),
    campaign_id: field(postWritable.campaign_id, { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
    content_id: field(postWritable.content_id, { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    post_type: field(postWritable.post_type, { write: 'required', read: z.string(), filter: 'text' }),
    caption: field(postWritable.caption),
    media_urls: field(postWritable.media_urls, { read: z.nullable(z.array(z.string())) }),
    hashtags: field(postWritable.hashtags, { filter: 'text[]' }),
    mentions: field(postWritable.mentions, { filter: 'text[]' }),
    link_url: field(postWritable.link_url, { read: z.nullable(z.string()) }),
    location_tag: field(postWritable.location_tag),
    scheduled_at: field(postWritable.scheduled_at, { filter: 'timestamptz' }),
    published_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    external_post_id: readOnly(z.nullable(z.string()), { filter: 'text' }),
    external_url: readOnly(z.nullable(z.string())),
    status: readOnly(z.nullable(z.string()), { filter: 'text', hint: 'change it with POST /v1/social-posts/{id}/status' }),
    ai_generated: field(postWritable.ai_generated, { read: z.nullable(z.boolean()), filter: 'boolean' }),
    approval_status: readOnly(z.nullable(z.string()), { filter: 'text' }),
    approved_by: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_by: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    updated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
  },
});
