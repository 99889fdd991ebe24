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

/** The payload of a compact JWT, unverified: only for a token the authorizer has verified. */
function payloadOf(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The groups as the token itself lists them, when the bearer token in the
 * request is the one API Gateway verified (same subject, issue time and id as
 * the claims it passed on); otherwise the flattened claim.
 */
function groupsOf(claims: Readonly<Record<string, unknown>>, authorization: string | undefined): unknown {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  const payload = token ? payloadOf(token) : null;
  const same =
    payload !== null &&
    ['sub', 'iat', 'jti'].every((name) => (payload[name] === undefined ? claims[name] === undefined : String(payload[name]) === String(claims[name])));
  return same && Array.isArray(payload[GROUPS_CLAIM]) ? payload[GROUPS_CLAIM] : claims[GROUPS_CLAIM];
}

export function principalFromClaims(claims: Readonly<Record<string, unknown>> | undefined, authorization?: string): Principal | null {
  if (!claims) return null;
  const roles = parseGroups(groupsOf(claims, authorization));
  const sub = claims.sub;
  return { sub: typeof sub === 'string' && sub !== '' ? sub : null, roles, role: highestRole(roles) };
}
