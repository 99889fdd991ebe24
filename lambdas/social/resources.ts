/**
 * Social accounts as a CRUD resource (marketing.social_accounts). The
 * declaration has no access_token field: it is not in any select list, so no
 * read, list or write response can carry it.
 */
import { z } from 'zod';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { accountWritable } from './schemas.js';

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
    social_account_id: readOnly(z.string().meta({ description: 'Business ID, SA-NNNNNN.' }), { filter: 'text', orderable: true }),
    property_id: field(accountWritable.property_id, { filter: 'uuid' }),
    platform: field(accountWritable.platform, { read: z.string(), filter: 'text' }),
    account_name: field(accountWritable.account_name, { filter: 'text' }),
    handle: field(accountWritable.handle, { filter: 'text' }),
    profile_url: field(accountWritable.profile_url, { read: z.string().nullable() }),
    external_account_id: field(accountWritable.external_account_id, { filter: 'text' }),
    token_expires_at: field(accountWritable.token_expires_at, { filter: 'timestamptz' }),
    follower_count: field(accountWritable.follower_count, { read: z.number().int().nullable(), filter: 'integer' }),
    following_count: field(accountWritable.following_count, { read: z.number().int().nullable() }),
    post_count: field(accountWritable.post_count, { read: z.number().int().nullable() }),
    status: field(accountWritable.status, { read: z.string().nullable(), filter: 'text' }),
    last_synced_at: field(accountWritable.last_synced_at, { filter: 'timestamptz' }),
    created_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
  },
});
