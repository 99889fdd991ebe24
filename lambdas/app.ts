/**
 * The application's route table: one file per domain, assembled here. The
 * CDK stack, the local HTTP server and the OpenAPI document all read this.
 * Adding a domain: write `lambdas/routes/<domain>.ts` exporting its routes and
 * add it to the list below.
 */
import { contentRoutes } from './content/api.js';
import { healthRoutes } from './health/api.js';
import { libraryRoutes } from './library/api.js';
import { planningRoutes } from './planning/api.js';
import { referenceRoutes } from './reference/api.js';
import { webRoutes } from './web/api.js';
import { routeKeyOf } from './platform/http/route.js';
import type { RouteDefinition } from './platform/http/route.js';

export type { RouteDefinition, RouteAuth, HttpMethod, RouteRequest, RouteResponse } from './platform/http/route.js';
export { routeKeyOf } from './platform/http/route.js';

export const routes: readonly RouteDefinition[] = checkRouteTable([...healthRoutes, ...referenceRoutes, ...webRoutes, ...contentRoutes, ...planningRoutes, ...libraryRoutes]);

/** Distinct domains in table order: one Lambda each (`lambdas/<domain>/handler.ts`). */
export function domains(table: readonly RouteDefinition[] = routes): string[] {
  return [...new Set(table.map((route) => route.domain))];
}

/** The table's invariants, checked when it loads so a bad entry fails every consumer at once. */
export function checkRouteTable(table: readonly RouteDefinition[]): readonly RouteDefinition[] {
  const keys = new Set<string>();
  const operations = new Set<string>();
  for (const route of table) {
    const key = routeKeyOf(route);
    if (keys.has(key)) throw new Error(`Route table: ${key} is defined twice`);
    if (operations.has(route.operationId)) throw new Error(`Route table: operationId ${route.operationId} is used twice`);
    keys.add(key);
    operations.add(route.operationId);
    if (!/^\/v1(\/[a-z0-9-]+|\/\{[A-Za-z_][A-Za-z0-9_]*\+?\})*$/.test(route.path)) {
      throw new Error(`Route table: ${key} is not a /v1 path of kebab-case segments and {params}`);
    }
    if (!/^[a-z][a-z0-9-]*$/.test(route.domain)) throw new Error(`Route table: ${key} has a bad domain ${route.domain}`);
    const placeholders = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] ?? '').sort();
    const declared = Object.keys(route.request?.params?.shape ?? {}).sort();
    if (placeholders.join(',') !== declared.join(',')) {
      throw new Error(`Route table: ${key} path parameters {${placeholders.join(', ')}} differ from request.params (${declared.join(', ')})`);
    }
    if (route.auth !== 'jwt' && route.role) throw new Error(`Route table: ${key} has a role but auth ${route.auth}`);
  }
  return table;
}
