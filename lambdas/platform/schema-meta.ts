/**
 * A copy of a schema with documentation metadata (description, example, id,
 * OpenAPI extensions), as classic zod's `.meta()` makes it: the copy is
 * registered, so a shared schema (a `timestamp`, a `uuid`) never takes on one
 * field's description. zod/mini's `z.meta()` check would do the same for the
 * document but counts as a refinement, which `z.omit`/`z.pick`/`z.extend`
 * refuse on objects.
 */
// `clone` by name, not `util.clone`: the `util` namespace object keeps all of zod's util module in a bundle (~13 KB).
import { clone, globalRegistry, type $ZodType, type GlobalMeta } from 'zod/v4/core';

export function withMeta<T extends $ZodType>(schema: T, meta: GlobalMeta): T {
  const copy = clone(schema);
  globalRegistry.add(copy, meta);
  return copy;
}
