/**
 * The social domain: accounts (SA-…), with the access token write-only and
 * sealed with the stack's KMS key before it is stored. Posts, analytics and
 * account metrics are not built yet.
 */
import { z } from 'zod';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import { created, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { socialAccountResource } from './resources.js';
import { createAccountBody, updateAccountBody } from './schemas.js';
import * as accounts from './service.js';

const id = z.string().min(1).max(64).meta({ description: 'The uuid or the business ID (SA-NNNNNN).' });
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
      responses: { 200: { description: 'The updated account (without the token).', schema: socialAccountResource.item } },
    },
    async (req) => {
      const { row, version } = await accounts.updateAccount(req.params.id, req.body, ifMatchVersions(req));
      return ok(row, { etag: versionEtag(version) });
    },
  ),
];

export const socialApi = defineDomain({
  name: 'social',
  description: 'Social accounts with encrypted, write-only access tokens',
  mounts: ['/v1/social-accounts'],
  routes: [...crudRoutes(socialAccountResource), ...writes],
  // Sealing a token asks KMS for a data key under the token key.
  access: { tokenKey: ['encrypt'] },
});
