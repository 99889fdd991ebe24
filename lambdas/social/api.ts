/**
 * The social domain: accounts (SA-…), with the access token write-only and
 * sealed with the stack's KMS key before it is stored; posts (SP-…) with the
 * caller's status moves and approvals; daily post analytics and account
 * metrics. Publishing is the post-dispatch worker's (lambdas/workers/post-dispatch);
 * GET …/{id}/dispatch shows where it is with a post.
 */
import * as z from 'zod/mini';
import { crudRoutes, writeColumns } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import type { HttpRequest } from '../platform/http/request.js';
import { created, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { socialAccountResource } from './resources.js';
import { metricsRoutes } from './metrics-routes.js';
import { socialPostResource } from './post-resources.js';
import * as posts from './post-service.js';
import { createAccountBody, postApproval, postDispatchItem, postStatusChange, updateAccountBody } from './schemas.js';
import * as accounts from './service.js';
import { withMeta } from '../platform/schema-meta.js';

const id = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (SA-NNNNNN).' });
const base = { auth: 'jwt', tags: ['social'] } as const;

const writes = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/social-accounts',
      // Accounts hold platform credentials: managing them is for admins.
      role: 'admin',
      operationId: 'createSocialAccount',
      summary: 'Connect a social account (one per platform per property); access_token is write-only and stored encrypted',
      request: { body: createAccountBody },
      writes: writeColumns(socialAccountResource, 'create'),
      responses: { 201: { description: 'Created (without the token).', schema: socialAccountResource.item } },
    },
    async (req) => {
      const { row, version } = await accounts.createAccount(req.body);
      return created(row, `/v1/social-accounts/${String(row.id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'PATCH',
      path: '/v1/social-accounts/{id}',
      role: 'admin',
      operationId: 'updateSocialAccount',
      summary: 'Change an account or replace its access token (honours If-Match)',
      request: { params: z.object({ id }), body: updateAccountBody },
      writes: writeColumns(socialAccountResource, 'update'),
      responses: { 200: { description: 'The updated account (without the token).', schema: socialAccountResource.item } },
    },
    async (req) => {
      const { row, version } = await accounts.updateAccount(req.params.id, req.body, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The generic PATCH route (its body already validated by the chain), guarded by the post's status. */
async function updatePostRoute(req: HttpRequest<Record<string, string>>) {
  const values = isRecord(req.body) ? req.body : {};
  const { row, version } = await posts.updatePost(req.params.id ?? '', values, ifMatchVersions(req));
  return ok(row, { etag: versionEtag(version) });
}

const postParams = z.object({ id: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (SP-NNNNNN).' }) });

const postMoves = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/social-posts/{id}/status',
      role: 'marketer',
      operationId: 'changeSocialPostStatus',
      ifMatch: true,
      summary: 'Schedule, unschedule or delete a post (draft ⇄ scheduled, failed → draft | scheduled, → deleted); honours If-Match',
      request: { params: postParams, body: postStatusChange },
      responses: { 200: { description: 'The post in its new status.', schema: socialPostResource.item } },
    },
    async (req) => {
      const { row, version } = await posts.changeStatus(req.params.id, req.body.status, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/social-posts/{id}/approval',
      role: 'marketer',
      operationId: 'approveSocialPost',
      ifMatch: true,
      summary: 'Record an approval decision; approved_by is the caller (honours If-Match)',
      request: { params: postParams, body: postApproval },
      responses: { 200: { description: 'The post with its approval.', schema: socialPostResource.item } },
    },
    async (req) => {
      const { row, version } = await posts.recordApproval(req.params.id, req.body.approval_status, req.principal?.sub ?? null, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/social-posts/{id}/dispatch',
      role: 'viewer',
      operationId: 'getSocialPostDispatch',
      etag: false,
      summary: "The dispatch worker's record of a post: attempts, lease, unknown or deferred outcome, failure reason",
      request: { params: postParams },
      responses: { 200: { description: 'The record (attempts 0 when never claimed).', schema: postDispatchItem } },
    },
    async (req) => ok(await posts.dispatchState(req.params.id), { etag: null }),
  ),
];

export const socialApi = defineDomain({
  name: 'social',
  description: 'Social accounts (encrypted, write-only tokens), posts and their states, daily analytics and account metrics',
  mounts: ['/v1/social-accounts', '/v1/social-posts'],
  routes: [...crudRoutes(socialAccountResource), ...writes, ...crudRoutes(socialPostResource, { update: updatePostRoute }), ...postMoves, ...metricsRoutes],
  // Sealing a token asks KMS for a data key under the token key.
  access: { tokenKey: ['encrypt'] },
});
