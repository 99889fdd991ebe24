/** Read-only routes for the four reference tables, generated from one list of tables. */
import { z } from 'zod';
import { referenceColumns, referenceTables } from './tables.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import type { RouteDefinition } from '../platform/http/route.js';

const codeParams = z.object({ code: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be a lower-case code') });

export const referenceRoutes: readonly RouteDefinition[] = referenceTables.flatMap((t): RouteDefinition[] => [
  {
    method: 'GET',
    path: `/v1/reference/${t.resource}`,
    domain: 'reference',
    auth: 'jwt',
    role: 'viewer',
    operationId: `list${t.plural}`,
    summary: `List ${t.description}`,
    tags: ['reference'],
    request: { query: listQuerySchema(referenceColumns) },
    responses: { 200: { description: 'A page of reference rows.', schema: pageSchema(t.item) } },
  },
  {
    method: 'GET',
    path: `/v1/reference/${t.resource}/{code}`,
    domain: 'reference',
    auth: 'jwt',
    role: 'viewer',
    operationId: `get${t.noun}`,
    summary: `Get one of: ${t.description}`,
    tags: ['reference'],
    request: { params: codeParams },
    responses: { 200: { description: 'The reference row.', schema: t.item } },
  },
]);
