/** Routes of the content library (assets, uploads, downloads) and of property content. */
import { z } from 'zod';
import { crudRoutes } from '../platform/crud/index.js';
import { assetResource } from './resources.js';
import {
  assetParams,
  attachBody,
  attachmentItem,
  attachmentList,
  attachmentListQuery,
  attachmentParams,
  attachmentUpdate,
  downloadResponse,
  ingestEvent,
  propertyParams,
  reorderBody,
  uploadRequest,
  uploadResponse,
} from './schemas.js';
import type { RouteDefinition } from '../platform/http/route.js';

const base = { domain: 'library', auth: 'jwt' as const };
const assets = { ...base, tags: ['assets'] };
const propertyContent = { ...base, tags: ['property-content'] };

export const libraryRoutes: readonly RouteDefinition[] = [
  ...crudRoutes(assetResource),
  {
    ...assets,
    method: 'POST',
    path: '/v1/assets/uploads',
    role: 'marketer',
    operationId: 'createAssetUpload',
    summary: 'Start an upload: creates the asset (processing) and returns a presigned POST for its object',
    request: { body: uploadRequest },
    responses: { 201: { description: 'The asset and the form to POST the file with.', schema: uploadResponse } },
  },
  {
    ...assets,
    method: 'GET',
    path: '/v1/assets/{id}/download',
    role: 'viewer',
    operationId: 'getAssetDownload',
    summary: 'A short-lived presigned GET URL for an ingested asset',
    request: { params: assetParams },
    responses: { 200: { description: 'The URL and when it expires.', schema: downloadResponse } },
  },
  {
    ...assets,
    method: 'GET',
    path: '/v1/assets/{id}/ingest-events',
    role: 'viewer',
    operationId: 'listAssetIngestEvents',
    summary: "The asset's upload ingest history (why it is active or error), newest first",
    request: { params: assetParams },
    responses: { 200: { description: 'At most the 100 newest events.', schema: z.object({ data: z.array(ingestEvent) }) } },
  },
  {
    ...propertyContent,
    method: 'GET',
    path: '/v1/properties/{propertyId}/assets',
    role: 'viewer',
    operationId: 'listPropertyAssets',
    summary: "A property's assets in display order, or in one channel's order with ?channel=",
    request: { params: propertyParams, query: attachmentListQuery },
    responses: { 200: { description: 'Every attached asset.', schema: attachmentList } },
  },
  {
    ...propertyContent,
    method: 'POST',
    path: '/v1/properties/{propertyId}/assets',
    role: 'marketer',
    operationId: 'attachPropertyAsset',
    summary: 'Attach an asset to a property (is_hero replaces the previous hero)',
    request: { params: propertyParams, body: attachBody },
    responses: { 201: { description: 'The attachment.', schema: attachmentItem } },
  },
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
  {
    ...propertyContent,
    method: 'GET',
    path: '/v1/properties/{propertyId}/assets/{assetId}',
    role: 'viewer',
    operationId: 'getPropertyAsset',
    summary: 'One attachment, by the asset uuid or business ID',
    request: { params: attachmentParams },
    responses: { 200: { description: 'The attachment, with its ETag.', schema: attachmentItem } },
  },
  {
    ...propertyContent,
    method: 'PATCH',
    path: '/v1/properties/{propertyId}/assets/{assetId}',
    role: 'marketer',
    operationId: 'updatePropertyAsset',
    summary: 'Change order, hero, channel orders, room type or status of an attachment (honours If-Match)',
    request: { params: attachmentParams, body: attachmentUpdate },
    responses: { 200: { description: 'The updated attachment.', schema: attachmentItem } },
  },
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
];
