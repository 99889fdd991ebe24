/** Websites and their pages (marketing.websites, marketing.website_pages), each declared once by its fields. */
import { z } from 'zod';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { nonNegativeInt, textArray, timestamp, uuid } from '../platform/schemas.js';

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
    property_id: field(uuid.nullable().meta({ description: 'Property (null = company website).' }), { filter: 'uuid' }),
    website_name: field(z.string().min(1).max(200), { write: 'required', filter: 'text' }),
    domain: field(z.string().max(253).nullable(), { filter: 'text' }),
    platform: field(z.string().max(50).nullable().meta({ description: 'wordpress, webflow, custom, ...' }), { filter: 'text' }),
    analytics_id: field(z.string().max(100).nullable()),
    status: field(z.string().max(30), { filter: 'text' }),
    ssl_status: field(z.string().max(30).nullable()),
    last_updated_at: field(timestamp.nullable()),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

const pagePath = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^\/[^\s?#]*$/, 'must be an absolute URL path such as /about (no spaces, query or fragment)');

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
    content_id: field(uuid.nullable(), { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    page_path: field(pagePath, { write: 'required', filter: 'text', orderable: true }),
    page_title: field(z.string().min(1).max(300), { write: 'required' }),
    meta_description: field(z.string().max(1000).nullable()),
    meta_keywords: field(withinBytes(textArray).nullable(), { filter: 'text[]' }),
    page_type: field(z.string().max(50).nullable().meta({ description: 'landing, blog, property, about, ...' }), { filter: 'text' }),
    status: field(z.string().max(30), { filter: 'text' }),
    published_at: field(timestamp.nullable(), { filter: 'timestamptz' }),
    page_views: field(nonNegativeInt),
    conversions: field(nonNegativeInt),
    created_at: readOnly(timestamp),
    updated_at: readOnly(timestamp),
  },
});
