import { getExecutor } from '../platform/db/index.js';
import { NotFoundError, createDomainHandler, ok, type Implementations } from '../platform/http/index.js';
import { referenceRoutes } from './api.js';
import { getReference, listReference } from './repository.js';
import { referenceTables } from './tables.js';

// Two operations per table, bound here from the same list the routes come from.
const implementations: Record<string, Implementations[string]> = {};
referenceTables.forEach((table, i) => {
  const [list, get] = [referenceRoutes[2 * i], referenceRoutes[2 * i + 1]];
  if (!list || !get) throw new Error(`Reference routes for ${table.resource} are missing`);
  implementations[list.operationId] = async (req) => ok(await listReference(getExecutor(), table, req.event.rawQueryString ?? ''));
  implementations[get.operationId] = async (req) => {
    const code = String(req.params.code);
    const row = await getReference(getExecutor(), table, code);
    if (!row) throw new NotFoundError(`No ${table.resource} entry with code '${code}'.`);
    return ok(row);
  };
});

export const handler = createDomainHandler('reference', implementations);
