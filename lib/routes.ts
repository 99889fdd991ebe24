/**
 * What the infrastructure needs from the application (`lambdas/app.ts`): one
 * function per API domain with what it may touch, and API Gateway's routes
 * (each domain's mounts, greedy, and each public route). The route table is
 * validated where it is assembled (`checkRouteTable`), so there is one validator.
 */
import type { FunctionAccess } from '../lambdas/platform/http/domain.js';
import type { GatewayRoute } from '../lambdas/platform/route-table.js';

export type InfraRoute = GatewayRoute;

export interface InfraFunction {
  /** Folder under `lambdas/` whose `handler.ts` exports `handler`. */
  readonly name: string;
  readonly description: string;
  readonly access?: FunctionAccess;
}

export interface InfraApi {
  readonly functions: readonly InfraFunction[];
  readonly routes: readonly InfraRoute[];
}

/** The app's domains and gateway routes as the stacks consume them. */
export function infraApi(
  domains: readonly { name: string; description: string; access?: FunctionAccess }[],
  routes: readonly GatewayRoute[],
): InfraApi {
  return { functions: domains.map(({ name, description, access }) => ({ name, description, ...(access ? { access } : {}) })), routes };
}
