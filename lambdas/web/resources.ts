/** Websites and their pages (marketing.websites, marketing.website_pages), each declared once by its fields. */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { nonNegativeInt, textArray, timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const websiteResource = defineResource({
  noun: 'Website',
  plural: 'Websites',
  tag: 'websites',
  schemaName: 'Website',
  table: 'marketing.websites',
  collectionPath: '/v1/websites',
  businessIdColumn: 'website_id',
  defaultOrder: 'website_id.asc',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    website_id: readOnly(z.string(), { filter: 'text', orderable: true }),
    property_id: field(withMeta(z.nullable(uuid), { description: 'Property (null = company website).' }), { filter: 'uuid' }),
    website_name: field(z.string().check(z.minLength(1), z.maxLength(200)), { write: 'required', filter: 'text' }),
    domain: field(z.nullable(z.string().check(z.maxLength(253))), { filter: 'text' }),
    platform: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'wordpress, webflow, custom, ...' }), { filter: 'text' }),
    analytics_id: field(z.nullable(z.string().check(z.maxLength(100)))),
    status: field(z.string().check(z.maxLength(30)), { filter: 'text' }),
    ssl_status: field(z.nullable(z.string().check(z.maxLength(30)))),
    last_updated_at: field(z.nullable(timestamp)),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

const pagePath = z.string().check(z.minLength(1), z.maxLength(2000), z.regex(/^\/[^\s?#]*$/, 'must be an absolute URL path such as /about (no spaces, query or fragment)'));

export const websitePageResource = defineResource({
  noun: 'WebsitePage',
  plural: 'WebsitePages',
  tag: 'websites',
  schemaName: 'WebsitePage',
  table: 'marketing.website_pages',
  collectionPath: '/v1/websites/{websiteId}/pages',
  parent: { param: 'websiteId', column: 'website_id', table: 'marketing.websites', businessIdColumn: 'website_id' },
  defaultOrder: 'page_path.asc',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    website_id: readOnly(uuid),
    content_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    page_path: field(pagePath, { write: 'required', filter: 'text', orderable: true }),
    page_title: field(z.string().check(z.minLength(1), z.maxLength(300)), { write: 'required' }),
    meta_description: field(z.nullable(z.string().check(z.maxLength(1000)))),
    meta_keywords: field(z.nullable(withinBytes(textArray)), { filter: 'text[]' }),
    page_type: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'landing, blog, property, about, ...' }), { filter: 'text' }),
    status: field(z.string().check(z.maxLength(30)), { filter: 'text' }),
    published_at: field(z.nullable(timestamp), { filter: 'timestamptz' }),
    page_views: field(nonNegativeInt),
    conversions: field(nonNegativeInt),
    created_at: readOnly(timestamp),
    updated_at: readOnly(timestamp),
  },
});
