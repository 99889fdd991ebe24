/**
 * Routes of the content domain: content CRUD (status excluded from PATCH),
 * the status workflow, templates, version history (append-only), composition
 * and usage records.
 */
import { z } from 'zod';
import { contentResource, contentUsageResource, versionListColumns } from './resources.js';
import {
  componentCreate,
  componentItem,
  componentTree,
  contentItem,
  contentSummary,
  contentUpdate,
  instantiateBody,
  restoreBody,
  statusChange,
  treeQuery,
  versionItem,
  versionNumber,
  versionSummary,
} from './schemas.js';
import { crudRoutes } from '../platform/crud/index.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import type { RouteDefinition } from '../platform/http/route.js';

const id = z.string().min(1).max(64).meta({ description: 'The uuid or the business ID (CON-NNNNNN).' });
const itemParams = z.object({ id });
const versionParams = z.object({ id, versionNumber });
const base = { domain: 'content', auth: 'jwt' as const, tags: ['content'] };

/** The generic five, with the list answering summaries (no body/HTML) to stay under the 1 MiB response limit. */
const crud: RouteDefinition[] = crudRoutes(contentResource).map((route) =>
  route.operationId === 'listContent'
    ? {
        ...route,
        summary: 'List content (summaries without body and HTML; keyset pages, filters, order)',
        responses: { 200: { description: 'One page.', schema: pageSchema(contentSummary) } },
      }
    : route.operationId === 'updateContent'
      ? {
          ...route,
          summary: 'Change fields of content (not status: use POST /status; honours If-Match; a substantive edit makes a new version)',
          // Its own "at least one field" rule: change_summary alone changes nothing.
          request: { ...route.request, body: contentUpdate },
        }
      : route,
);

const workflow: RouteDefinition[] = [
  {
    ...base,
    method: 'POST',
    path: '/v1/content/{id}/status',
    role: 'marketer',
    operationId: 'changeContentStatus',
    summary: 'Move content through the workflow (draft → review → approved → published → archived); honours If-Match',
    request: { params: itemParams, body: statusChange },
    responses: { 200: { description: 'The content in its new status (published_at set on publish).', schema: contentItem } },
  },
  {
    ...base,
    method: 'POST',
    path: '/v1/content/{id}/instantiate',
    role: 'marketer',
    operationId: 'instantiateContentTemplate',
    summary: 'Create a draft from a template (copies its fields, records template_id)',
    request: { params: itemParams, body: instantiateBody },
    responses: { 201: { description: 'The new content.', schema: contentItem } },
  },
];

const versions: RouteDefinition[] = [
  {
    ...base,
    method: 'GET',
    path: '/v1/content/{id}/versions',
    role: 'viewer',
    operationId: 'listContentVersions',
    summary: 'List versions of content, newest first (without snapshots)',
    request: { params: itemParams, query: listQuerySchema(versionListColumns) },
    responses: { 200: { description: 'One page.', schema: pageSchema(versionSummary) } },
  },
  {
    ...base,
    method: 'GET',
    path: '/v1/content/{id}/versions/{versionNumber}',
    role: 'viewer',
    operationId: 'getContentVersion',
    summary: 'Get one version with its snapshot',
    request: { params: versionParams },
    responses: { 200: { description: 'The version.', schema: versionItem } },
  },
  {
    ...base,
    method: 'POST',
    path: '/v1/content/{id}/versions/{versionNumber}/restore',
    role: 'marketer',
    operationId: 'restoreContentVersion',
    summary: "Restore a version's fields (recorded as a new version); honours If-Match",
    request: { params: versionParams, body: restoreBody },
    responses: { 200: { description: 'The content as restored; `version` is the new version number.', schema: contentItem } },
  },
];

const composition: RouteDefinition[] = [
  {
    ...base,
    method: 'GET',
    path: '/v1/content/{id}/components',
    role: 'viewer',
    operationId: 'getContentComponentTree',
    summary: "The content's components as a tree (child content expanded, depth-limited, cycle-safe)",
    request: { params: itemParams, query: treeQuery },
    responses: { 200: { description: 'The tree.', schema: componentTree } },
  },
  {
    ...base,
    method: 'POST',
    path: '/v1/content/{id}/components',
    role: 'marketer',
    operationId: 'addContentComponent',
    summary: 'Add a child content piece or asset at a position (refuses cycles)',
    request: { params: itemParams, body: componentCreate },
    responses: { 201: { description: 'The component.', schema: componentItem } },
  },
  {
    ...base,
    method: 'DELETE',
    path: '/v1/content/{id}/components/{componentId}',
    // Detaching a component edits the parent's composition (as adding does); no content or asset is deleted.
    role: 'marketer',
    operationId: 'removeContentComponent',
    summary: 'Remove one component from content',
    request: { params: z.object({ id, componentId: z.uuid() }) },
    responses: { 204: { description: 'Removed.' } },
  },
];

export const contentRoutes: readonly RouteDefinition[] = [
  ...crud,
  ...workflow,
  ...versions,
  ...composition,
  ...crudRoutes(contentUsageResource),
];
