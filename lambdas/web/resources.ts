/** Websites and their pages (marketing.websites, marketing.website_pages). */
import { z } from 'zod';
import type { ResourceSpec } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { nonNegativeInt, textArray, timestamp, uuid } from '../platform/schemas.js';

const websiteFields = {
  property_id: uuid.nullable().meta({ description: 'Property (null = company website).' }),
  website_name: z.string().min(1).max(200),
  domain: z.string().max(253).nullable(),
  platform: z.string().max(50).nullable().meta({ description: 'wordpress, webflow, custom, ...' }),
  analytics_id: z.string().max(100).nullable(),
  status: z.string().max(30),
  ssl_status: z.string().max(30).nullable(),
  last_updated_at: timestamp.nullable(),
};

export const websiteResource: ResourceSpec = {
  noun: 'Website',
  plural: 'Websites',
  domain: 'web',
  tag: 'websites',
  table: 'marketing.websites',
  collectionPath: '/v1/websites',
  businessIdColumn: 'website_id',
  select:
    'id, website_id, property_id, website_name, domain, platform, analytics_id, status, ssl_status, last_updated_at, created_at, updated_at',
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    website_id: { type: 'text', orderable: true, nullable: false },
    property_id: { type: 'uuid' },
    website_name: { type: 'text' },
    domain: { type: 'text' },
    platform: { type: 'text' },
    status: { type: 'text' },
    created_at: { type: 'timestamptz' },
  },
  defaultOrder: 'website_id.asc',
  item: z
    .object({ id: uuid, website_id: z.string(), ...websiteFields, created_at: timestamp, updated_at: timestamp })
    .meta({ id: 'Website' }),
  create: z.object({
    ...websiteFields,
    property_id: websiteFields.property_id.optional(),
    domain: websiteFields.domain.optional(),
    platform: websiteFields.platform.optional(),
    analytics_id: websiteFields.analytics_id.optional(),
    status: websiteFields.status.optional(),
    ssl_status: websiteFields.ssl_status.optional(),
    last_updated_at: websiteFields.last_updated_at.optional(),
  }),
};

const pagePath = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^\/[^\s?#]*$/, 'must be an absolute URL path such as /about (no spaces, query or fragment)');

const pageFields = {
  content_id: uuid.nullable(),
  page_path: pagePath,
  page_title: z.string().min(1).max(300),
  meta_description: z.string().max(1000).nullable(),
  meta_keywords: withinBytes(textArray).nullable(),
  page_type: z.string().max(50).nullable().meta({ description: 'landing, blog, property, about, ...' }),
  status: z.string().max(30),
  published_at: timestamp.nullable(),
  page_views: nonNegativeInt,
  conversions: nonNegativeInt,
};

export const websitePageResource: ResourceSpec = {
  noun: 'WebsitePage',
  plural: 'WebsitePages',
  domain: 'web',
  tag: 'websites',
  table: 'marketing.website_pages',
  collectionPath: '/v1/websites/{websiteId}/pages',
  parent: { param: 'websiteId', column: 'website_id', table: 'marketing.websites', businessIdColumn: 'website_id' },
  select:
    'id, website_id, content_id, page_path, page_title, meta_description, meta_keywords, page_type, status, published_at, page_views, conversions, created_at, updated_at',
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    page_path: { type: 'text', orderable: true, nullable: false },
    page_type: { type: 'text' },
    status: { type: 'text' },
    content_id: { type: 'uuid' },
    meta_keywords: { type: 'text[]' },
    published_at: { type: 'timestamptz' },
  },
  defaultOrder: 'page_path.asc',
  item: z
    .object({ id: uuid, website_id: uuid, ...pageFields, created_at: timestamp, updated_at: timestamp })
    .meta({ id: 'WebsitePage' }),
  create: z.object({
    ...pageFields,
    content_id: pageFields.content_id.optional(),
    meta_description: pageFields.meta_description.optional(),
    meta_keywords: pageFields.meta_keywords.optional(),
    page_type: pageFields.page_type.optional(),
    status: pageFields.status.optional(),
    published_at: pageFields.published_at.optional(),
    page_views: pageFields.page_views.optional(),
    conversions: pageFields.conversions.optional(),
  }),
};

export const webResources = [websiteResource, websitePageResource] as const;
