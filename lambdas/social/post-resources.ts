/**
 * Social posts as a CRUD resource (marketing.social_posts). Status, approval
 * and the publishing outcome are not writable here: status moves through
 * POST /v1/social-posts/{id}/status (the caller's moves) and the dispatch
 * worker (publishing, published, failed); approval through …/approval.
 */
import { z } from 'zod';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { postWritable } from './schemas.js';

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
    social_post_id: readOnly(z.string().meta({ description: 'Business ID, SP-NNNNNN.' }), { filter: 'text', orderable: true }),
    account_id: field(postWritable.account_id, { write: 'required', filter: 'uuid', references: { table: 'marketing.social_accounts', businessIdColumn: 'social_account_id' } }),
    campaign_id: field(postWritable.campaign_id, { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
    content_id: field(postWritable.content_id, { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    post_type: field(postWritable.post_type, { write: 'required', read: z.string(), filter: 'text' }),
    caption: field(postWritable.caption),
    media_urls: field(postWritable.media_urls, { read: z.array(z.string()).nullable() }),
    hashtags: field(postWritable.hashtags, { filter: 'text[]' }),
    mentions: field(postWritable.mentions, { filter: 'text[]' }),
    link_url: field(postWritable.link_url, { read: z.string().nullable() }),
    location_tag: field(postWritable.location_tag),
    scheduled_at: field(postWritable.scheduled_at, { filter: 'timestamptz' }),
    published_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
    external_post_id: readOnly(z.string().nullable(), { filter: 'text' }),
    external_url: readOnly(z.string().nullable()),
    status: readOnly(z.string().nullable(), { filter: 'text', hint: 'change it with POST /v1/social-posts/{id}/status' }),
    ai_generated: field(postWritable.ai_generated, { read: z.boolean().nullable(), filter: 'boolean' }),
    approval_status: readOnly(z.string().nullable(), { filter: 'text' }),
    approved_by: readOnly(z.string().nullable(), { filter: 'text' }),
    created_by: readOnly(z.string().nullable(), { filter: 'text' }),
    created_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
  },
});
