/** Property content: a property's gallery of library assets, its order and its hero, each route bound to its implementation. */
import { getExecutor } from '../platform/db/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import { created, noContent, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { galleryListDeclaration, listGalleryPage } from './list.js';
import { moveAttachments } from './moves.js';
import * as gallery from './repository.js';
import {
  attachBody,
  attachmentItem,
  attachmentList,
  attachmentListQuery,
  attachmentPage,
  attachmentParams,
  attachmentUpdate,
  movesBody,
  movesResponse,
  propertyParams,
  reorderBody,
} from './schemas.js';

const propertyContent = { auth: 'jwt', tags: ['property-content'] } as const;

const propertyContentRoutes = [
  route(
    {
      ...propertyContent,
      method: 'GET',
      path: '/v1/properties/{propertyId}/assets',
      role: 'viewer',
      operationId: 'listPropertyAssets',
      etag: false,
      summary: "One page of a property's assets in display order, or in one channel's order with ?channel=",
      list: galleryListDeclaration,
      request: { params: propertyParams, query: attachmentListQuery },
      responses: { 200: { description: 'One page of attached assets (limit, cursor).', schema: attachmentPage } },
    },
    async (req) =>
      ok(await listGalleryPage(getExecutor(), req.params.propertyId, req.query.channel, req.event.rawQueryString ?? ''), { etag: null }),
  ),
  route(
    {
      ...propertyContent,
      method: 'POST',
      path: '/v1/properties/{propertyId}/assets',
      role: 'marketer',
      operationId: 'attachPropertyAsset',
      summary: 'Attach an asset to a property (is_hero replaces the previous hero)',
      request: { params: propertyParams, body: attachBody },
      writes: { table: 'marketing.property_content', columns: { library_asset_id: ['body.asset_id'] } },
      responses: { 201: { description: 'The attachment.', schema: attachmentItem } },
    },
    async (req) => {
      const { row, version } = await gallery.attach(getExecutor(), req.params.propertyId, req.body);
      return created(row, `/v1/properties/${req.params.propertyId}/assets/${String(row.library_asset_id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...propertyContent,
      method: 'PUT',
      path: '/v1/properties/{propertyId}/assets/order',
      role: 'marketer',
      operationId: 'reorderPropertyAssets',
      summary: "Set the order of all of a property's assets in one request",
      request: { params: propertyParams, body: reorderBody },
      responses: { 200: { description: 'The attachments in their new order.', schema: attachmentList } },
    },
    async (req) => ok({ data: await gallery.reorder(getExecutor(), req.params.propertyId, req.body) }, { etag: null }),
  ),
  route(
    {
      ...propertyContent,
      method: 'POST',
      path: '/v1/properties/{propertyId}/assets/moves',
      role: 'marketer',
      operationId: 'movePropertyAssets',
      summary: 'Reorder a gallery of any size: move assets before or after their new neighbours (at most 100 per request)',
      request: { params: propertyParams, body: movesBody },
      responses: { 200: { description: 'The moved attachments in their new places.', schema: movesResponse } },
    },
    async (req) => ok(await moveAttachments(getExecutor(), req.params.propertyId, req.body.moves), { etag: null }),
  ),
  route(
    {
      ...propertyContent,
      method: 'GET',
      path: '/v1/properties/{propertyId}/assets/{assetId}',
      role: 'viewer',
      operationId: 'getPropertyAsset',
      summary: 'One attachment, by the asset uuid or business ID, or the gallery row id',
      request: { params: attachmentParams },
      responses: { 200: { description: 'The attachment, with its ETag.', schema: attachmentItem } },
    },
    async (req) => {
      const { row, version } = await gallery.getAttachment(getExecutor(), req.params.propertyId, req.params.assetId);
      return ok(row, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...propertyContent,
      method: 'PATCH',
      path: '/v1/properties/{propertyId}/assets/{assetId}',
      role: 'marketer',
      operationId: 'updatePropertyAsset',
      summary: 'Change order, hero, channel orders, room type or status of an attachment (honours If-Match)',
      request: { params: attachmentParams, body: attachmentUpdate },
      writes: { table: 'marketing.property_content', columns: { library_asset_id: ['params.assetId'] } },
      responses: { 200: { description: 'The updated attachment.', schema: attachmentItem } },
    },
    async (req) => {
      const { propertyId, assetId } = req.params;
      const { row, version } = await gallery.updateAttachment(getExecutor(), propertyId, assetId, req.body, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...propertyContent,
      method: 'DELETE',
      path: '/v1/properties/{propertyId}/assets/{assetId}',
      // Detaching removes a link, not content (the asset stays in the library): a marketer's gallery edit.
      role: 'marketer',
      operationId: 'detachPropertyAsset',
      summary: 'Detach an asset from a property (the asset stays in the library; honours If-Match)',
      request: { params: attachmentParams },
      responses: { 204: { description: 'Detached.' } },
    },
    async (req) => {
      await gallery.detach(getExecutor(), req.params.propertyId, req.params.assetId, ifMatchVersions(req));
      return noContent();
    },
  ),
];

export const propertyContentApi = defineDomain({
  name: 'property-content',
  description: "Property content: a property's gallery of library assets, in display and channel order",
  mounts: ['/v1/properties/{propertyId}/assets'],
  routes: propertyContentRoutes,
});
