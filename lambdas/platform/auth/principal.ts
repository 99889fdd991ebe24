/** Who is calling, as far as the verified JWT claims tell. */
import { highestRole, parseGroups } from './roles.js';
import type { Role } from './roles.js';

export const GROUPS_CLAIM = 'cognito:groups';

export interface Principal {
  /** The token's subject (Cognito user id). */
  sub: string | null;
  roles: Role[];
  /** The strongest role, used for the route's role check. */
  role: Role | null;
}

export function principalFromClaims(claims: Readonly<Record<string, unknown>> | undefined): Principal | null {
  if (!claims) return null;
  const roles = parseGroups(claims[GROUPS_CLAIM]);
  const sub = claims.sub;
  return { sub: typeof sub === 'string' && sub !== '' ? sub : null, roles, role: highestRole(roles) };
}
