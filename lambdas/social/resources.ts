/**
 * Social accounts as a CRUD resource (marketing.social_accounts). The
 * declaration has no access_token field: it is not in any select list, so no
 * read, list or write response can carry it.
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { accountWritable } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const socialAccountResource = defineResource({
  noun: 'SocialAccount',
  plural: 'SocialAccounts',
  tag: 'social',
  schemaName: 'SocialAccount',
  table: 'marketing.social_accounts',
  collectionPath: '/v1/social-accounts',
  businessIdColumn: 'social_account_id',
  defaultOrder: 'id.desc',
  // Create and PATCH are the domain's own routes: they encrypt the token first.
  operations: ['list', 'get', 'delete'],
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    social_account_id: readOnly(withMeta(z.string(), { description: 'Business ID, SA-NNNNNN.' }), { filter: 'text', orderable: true }),
    property_id: field(accountWritable.property_id, { filter: 'uuid' }),
    platform: field(accountWritable.platform, { read: z.string(), filter: 'text' }),
    account_name: field(accountWritable.account_name, { filter: 'text' }),
    handle: field(accountWritable.handle, { filter: 'text' }),
    profile_url: field(accountWritable.profile_url, { read: z.nullable(z.string()) }),
    external_account_id: field(accountWritable.external_account_id, { filter: 'text' }),
    token_expires_at: field(accountWritable.token_expires_at, { filter: 'timestamptz' }),
    follower_count: field(accountWritable.follower_count, { read: z.nullable(z.int()), filter: 'integer' }),
    following_count: field(accountWritable.following_count, { read: z.nullable(z.int()) }),
    post_count: field(accountWritable.post_count, { read: z.nullable(z.int()) }),
    status: field(accountWritable.status, { read: z.nullable(z.string()), filter: 'text' }),
    last_synced_at: field(accountWritable.last_synced_at, { filter: 'timestamptz' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    updated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
  },
});
