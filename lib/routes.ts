/**
 * What the infrastructure needs from the route table (`lambdas/routes/`): the
 * stack derives one function per domain and one HTTP route per entry from it,
 * so nothing about a route is written twice.
 */
export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface InfraRoute {
  readonly method: HttpMethodName;
  /** API Gateway syntax, e.g. `/v1/content/{id}`. */
  readonly path: string;
  /** Folder under `lambdas/` whose `handler.ts` exports `handler`. */
  readonly domain: string;
  /** `jwt` routes get the authorizer; `none` (health) and `signature` (signed webhooks) do not. */
  readonly auth: 'jwt' | 'none' | 'signature';
  readonly operationId: string;
  /** Why a route without `jwt` auth is public (the cdk-nag acknowledgment's reason); a default per auth kind otherwise. */
  readonly publicBecause?: string;
}

/** Distinct domains in first-seen order (stable construct ids, stable snapshots). */
export function domainsOf(routes: readonly InfraRoute[]): string[] {
  return [...new Set(routes.map((r) => r.domain))];
}

/** Fails synth on a route table the API could not deploy (duplicates, bad paths or domains). */
export function checkRoutes(routes: readonly InfraRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route table: ${key} is defined twice`);
    seen.add(key);
    if (!/^\/[A-Za-z0-9._~{}/+-]*$/.test(route.path)) throw new Error(`Route table: ${key} is not an API Gateway path`);
    if (!/^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)*$/.test(route.domain)) {
      throw new Error(`Route table: ${key} has domain "${route.domain}", not a lambdas/ folder name`);
    }
  }
}
