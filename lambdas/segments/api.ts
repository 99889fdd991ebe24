/**
 * The segments domain: segment CRUD (create and PATCH check criteria against
 * the reference table first), static membership in bulk, the member list,
 * refresh of a dynamic segment, "why in / why out" for one contact, and a
 * preview of a criteria document that saves nothing.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import type { HttpRequest } from '../platform/http/request.js';
import { created, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { uuid } from '../platform/schemas.js';
import { memberListColumns, segmentResource } from './resources.js';
import {
  addMembersResult,
  contactIdsBody,
  createSegmentBody,
  explainResult,
  memberItem,
  memberState,
  previewBody,
  previewResult,
  refreshBody,
  refreshResult,
  removeMembersResult,
  updateSegmentBody,
} from './schemas.js';
import * as segments from './service.js';
import { withMeta } from '../platform/schema-meta.js';

const id = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (SEG-NNNNNN).' });
const itemParams = z.object({ id });
const base = { auth: 'jwt', tags: ['segments'] } as const;
const actorOf = (req: HttpRequest) => req.principal?.sub ?? null;

const writes = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/segments',
      role: 'marketer',
      operationId: 'createSegment',
      summary: 'Create a static segment, or a dynamic one with criteria (checked against the reference table)',
      request: { body: createSegmentBody },
      responses: { 201: { description: 'Created.', schema: segmentResource.item } },
    },
    async (req) => {
      const { row, version } = await segments.createSegment(req.body, actorOf(req));
      return created(row, `/v1/segments/${String(row.id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'PATCH',
      path: '/v1/segments/{id}',
      role: 'marketer',
      operationId: 'updateSegment',
      summary: 'Change fields of a segment (criteria only on dynamic ones; honours If-Match)',
      request: { params: itemParams, body: updateSegmentBody },
      responses: { 200: { description: 'The updated segment.', schema: segmentResource.item } },
    },
    async (req) => {
      const { row, version } = await segments.updateSegment(req.params.id, req.body, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
];

const membership = [
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/segments/{id}/members',
      role: 'viewer',
      operationId: 'listSegmentMembers',
      etag: false,
      summary: 'List members of a segment (keyset pages by contact_id; state=current|removed|all, default current)',
      request: { params: itemParams, query: z.extend(listQuerySchema(memberListColumns), { state: z.optional(memberState) }) },
      responses: { 200: { description: 'One page.', schema: pageSchema(memberItem) } },
    },
    async (req) => ok(await segments.listMembers(req.params.id, req.event.rawQueryString ?? '', req.query.state ?? 'current'), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/segments/{id}/members',
      role: 'marketer',
      operationId: 'addSegmentMembers',
      idempotent: true,
      summary: 'Add contacts to a static segment in bulk (idempotent; re-admits removed members; takes Idempotency-Key)',
      request: { params: itemParams, body: contactIdsBody },
      responses: { 200: { description: 'What changed.', schema: addMembersResult } },
    },
    async (req) => ok(await segments.addMembers(req.params.id, req.body.contact_ids, actorOf(req)), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/segments/{id}/members/remove',
      role: 'marketer',
      operationId: 'removeSegmentMembers',
      idempotent: true,
      summary: 'Remove contacts from a static segment in bulk (stamps removed_at, keeps the rows; idempotent; takes Idempotency-Key)',
      request: { params: itemParams, body: contactIdsBody },
      responses: { 200: { description: 'What changed.', schema: removeMembersResult } },
    },
    async (req) => ok(await segments.removeMembers(req.params.id, req.body.contact_ids), { etag: null }),
  ),
];

const dynamic = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/segments/{id}/refresh',
      role: 'marketer',
      operationId: 'refreshSegment',
      summary: 'Recompute the members of a dynamic segment now (409 while another refresh of it runs)',
      request: { params: itemParams, body: refreshBody },
      responses: { 200: { description: 'What changed.', schema: refreshResult } },
    },
    async (req) => ok(await segments.refreshSegment(req.params.id, actorOf(req)), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/segments/{id}/explain/{contactId}',
      role: 'viewer',
      operationId: 'explainSegmentMembership',
      errors: { 409: 'The segment is static: membership is a list, not conditions.' },
      etag: false,
      summary: 'Why a contact is in or out of a dynamic segment: every condition and group, held or not',
      request: { params: z.object({ id, contactId: uuid }) },
      responses: { 200: { description: 'The explanation.', schema: explainResult } },
    },
    async (req) => ok(await segments.explainContact(req.params.id, req.params.contactId.toLowerCase()), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/segments/preview',
      role: 'viewer',
      operationId: 'previewSegmentCriteria',
      summary: 'Count and a sample of the contacts a criteria document selects, without saving anything',
      request: { body: previewBody },
      responses: { 200: { description: 'The count and a sample.', schema: previewResult } },
    },
    async (req) => ok(await segments.preview(req.body.criteria, req.body.sample_size ?? 10), { etag: null }),
  ),
];

export const segmentsApi = defineDomain({
  name: 'segments',
  description: 'Contact segments: static and dynamic (criteria), members, refresh, explanations, previews',
  mounts: ['/v1/segments'],
  routes: [...crudRoutes(segmentResource), ...writes, ...membership, ...dynamic],
});
