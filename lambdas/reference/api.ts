/** Read-only routes for the four reference tables, two per table, generated from one list of tables. */
import * as z from 'zod/mini';
import { getExecutor } from '../platform/db/index.js';
import { NotFoundError } from '../platform/errors.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route, type ApiRoute } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { getReference, listReference } from './repository.js';
import { referenceColumns, referenceTables, type ReferenceTable } from './tables.js';

const codeParams = z.object({ code: z.string().check(z.regex(/^[a-z0-9_]{1,64}$/, 'must be a lower-case code')) });
const base = { auth: 'jwt', role: 'viewer', tags: ['reference'] } as const;

function tableRoutes(t: ReferenceTable): ApiRoute[] {
  return [
    route(
      {
        ...base,
        method: 'GET',
        path: `/v1/reference/${t.resource}`,
        operationId: `list${t.plural}`,
        list: { table: t.table, idColumn: 'code', columns: referenceColumns },
        summary: `List ${t.description}`,
        request: { query: listQuerySchema(referenceColumns) },
        responses: { 200: { description: 'A page of reference rows.', schema: pageSchema(t.item) } },
      },
      async (req) => ok(await listReference(getExecutor(), t, req.event.rawQueryString ?? '')),
    ),
    route(
      {
        ...base,
        method: 'GET',
        path: `/v1/reference/${t.resource}/{code}`,
        operationId: `get${t.noun}`,
        summary: `Get one of: ${t.description}`,
        request: { params: codeParams },
        responses: { 200: { description: 'The reference row.', schema: t.item } },
      },
      async (req) => {
        const row = await getReference(getExecutor(), t, req.params.code);
        if (!row) throw new NotFoundError(`No ${t.resource} entry with code '${req.params.code}'.`);
        return ok(row);
      },
    ),
  ];
}

export const referenceApi = defineDomain({
  name: 'reference',
  description: 'Reference tables (content types, social platforms, campaign types, segment criteria)',
  mounts: ['/v1/reference'],
  routes: referenceTables.flatMap(tableRoutes),
});
