/**
 * A copy of a schema with documentation metadata (description, example, id,
 * OpenAPI extensions), as classic zod's `.meta()` makes it: the copy is
 * registered, so a shared schema (a `timestamp`, a `uuid`) never takes on one
 * field's description. zod/mini's `z.meta()` check would do the same for the
 * document but counts as a refinement, which `z.omit`/`z.pick`/`z.extend`
 * refuse on objects.
 */
import { globalRegistry, util, type $ZodType, type GlobalMeta } from 'zod/v4/core';

export function withMeta<T extends $ZodType>(schema: T, meta: GlobalMeta): T {
  const copy = util.clone(schema);
  globalRegistry.add(copy, meta);
  return copy;
}
