/**
 * The route's role check. API Gateway's JWT authorizer has already verified
 * the token on JWT routes; missing claims here mean a misconfigured route,
 * so the handler refuses (401) rather than trusting it.
 */
import type { RouteDefinition } from './route.js';
import { principalFromClaims } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { roleSatisfies } from '../auth/roles.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { headerValue, type HttpApiEvent } from './event.js';

export function authorize(route: RouteDefinition, event: HttpApiEvent): Principal | null {
  if (route.auth !== 'jwt') return null;
  const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims, headerValue(event, 'authorization'));
  if (!principal) throw new UnauthorizedError();
  const required = route.role ?? 'viewer';
  if (!roleSatisfies(principal.role, required)) {
    throw new ForbiddenError(
      `This operation needs the ${required} role or higher; the caller has ${principal.role ?? 'no role'}.`,
    );
  }
  return principal;
}
