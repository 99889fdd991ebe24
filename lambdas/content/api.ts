/**
 * The content domain's routes: content CRUD (status excluded from PATCH),
 * the status workflow, templates, version history (append-only), composition
 * and usage records, each bound to its implementation.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import type { HttpRequest } from '../platform/http/request.js';
import { created, noContent, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { contentResource, contentUsageResource, versionListColumns } from './resources.js';
import {
  MAX_TREE_DEPTH,
  componentCreate,
  componentItem,
  componentTree,
  instantiateBody,
  restoreBody,
  statusChange,
  treeQuery,
  versionItem,
  versionNumber,
  versionSummary,
} from './schemas.js';
import * as content from './service.js';
import { withMeta } from '../platform/schema-meta.js';

const id = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (CON-NNNNNN).' });
const itemParams = z.object({ id });
const versionParams = z.object({ id, versionNumber });
const base = { auth: 'jwt', tags: ['content'] } as const;
const contentItem = contentResource.item;

const actorOf = (req: HttpRequest) => req.principal?.sub ?? null;
const asWritten = ({ row, version }: content.Written, status: 200 | 201) =>
  status === 201 ? created(row, `/v1/content/${String(row.id)}`, { etag: versionEtag(version) }) : ok(row, { etag: versionEtag(version) });

const workflow = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/content/{id}/status',
      role: 'marketer',
      operationId: 'changeContentStatus',
      ifMatch: true,
      summary: 'Move content through the workflow (draft → review → approved → published → archived); honours If-Match',
      request: { params: itemParams, body: statusChange },
      responses: { 200: { description: 'The content in its new status (published_at set on publish).', schema: contentItem } },
    },
    async (req) => asWritten(await content.changeStatus(req.params.id, req.body, actorOf(req), ifMatchVersions(req)), 200),
  ),
  route(
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
    async (req) => asWritten(await content.instantiate(req.params.id, req.body, actorOf(req)), 201),
  ),
];

const versions = [
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/content/{id}/versions',
      role: 'viewer',
      operationId: 'listContentVersions',
      etag: false,
      list: { table: 'marketing.content_versions', idColumn: 'id', scope: 'content_id', columns: versionListColumns },
      summary: 'List versions of content, newest first (without snapshots)',
      request: { params: itemParams, query: listQuerySchema(versionListColumns) },
      responses: { 200: { description: 'One page.', schema: pageSchema(versionSummary) } },
    },
    async (req) => ok(await content.listVersions(req.params.id, req.event.rawQueryString ?? ''), { etag: null }),
  ),
  route(
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
    // Versions never change, so a hash of the body is a stable ETag.
    async (req) => ok(await content.getVersion(req.params.id, Number(req.params.versionNumber))),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/content/{id}/versions/{versionNumber}/restore',
      role: 'marketer',
      operationId: 'restoreContentVersion',
      ifMatch: true,
      summary: "Restore a version's fields (recorded as a new version); honours If-Match",
      request: { params: versionParams, body: restoreBody },
      responses: { 200: { description: 'The content as restored; `version` is the new version number.', schema: contentItem } },
    },
    async (req) =>
      asWritten(
        await content.restoreVersion(req.params.id, Number(req.params.versionNumber), req.body?.change_summary, actorOf(req), ifMatchVersions(req)),
        200,
      ),
  ),
];

const composition = [
  route(
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
    async (req) => ok(await content.componentTree(req.params.id, req.query.max_depth === undefined ? MAX_TREE_DEPTH : Number(req.query.max_depth))),
  ),
  route(
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
    async (req) => {
      const { row, version } = await content.addComponent(req.params.id, req.body);
      return created(row, `/v1/content/${req.params.id}/components/${String(row.id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
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
    async (req) => {
      await content.removeComponent(req.params.id, req.params.componentId);
      return noContent();
    },
  ),
];

export const contentApi = defineDomain({
  name: 'content',
  description: 'Content with versions, templates and composition; usage records',
  mounts: ['/v1/content', '/v1/content-usage'],
  routes: [...crudRoutes(contentResource), ...workflow, ...versions, ...composition, ...crudRoutes(contentUsageResource)],
});
