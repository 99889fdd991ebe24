/**
 * What API Gateway's JWT authorizer does before a JWT route's Lambda runs, per
 * "Control access to HTTP APIs with JWT authorizers in API Gateway":
 * 1. the identity source (`Authorization`) holds the token alone or prefixed with `Bearer `;
 * 2. the token decodes; its signature checks with an RSA algorithm (the only ones supported);
 * 3. `kid` names the key that signed it; `iss` matches; `aud` (or a Cognito access token's
 *    `client_id`) matches an audience; `exp` is after now; `nbf` and `iat` are before now.
 * Any failure, whatever the token holds, is the same bare 401: never a 500.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { CryptoKey, JWK, JWTPayload, JWTVerifyGetKey, KeyObject } from 'jose';

export interface JwtAuthorizerOptions {
  /** Verification key (the dev key's public half) or a JWKS resolver (`createRemoteJWKSet`, `createLocalJWKSet`). */
  key: CryptoKey | KeyObject | JWK | Uint8Array | JWTVerifyGetKey;
  /** The `kid` of `key` when it is a single key: a token naming any other key is refused (a JWKS resolver checks its own). */
  kid?: string;
  issuer: string;
  audience: string | readonly string[];
  /** Allowed algorithms; RSA only by default, as API Gateway. */
  algorithms?: string[];
}

export interface VerifiedToken {
  claims: JWTPayload;
  scopes: string[];
}

function audienceMatches(claims: JWTPayload, audience: readonly string[]): boolean {
  const aud = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const clientId = typeof claims.client_id === 'string' ? [claims.client_id] : [];
  return [...aud, ...clientId].some((value) => audience.includes(value));
}

/** The token from the identity source: `Bearer <token>` or the bare token, as API Gateway accepts both. */
function tokenOf(authorization: string | undefined): string | undefined {
  const value = (authorization ?? '').trim();
  return /^Bearer\s+(\S+)$/i.exec(value)?.[1] ?? (/^\S+$/.test(value) ? value : undefined);
}

async function verify(token: string, options: JwtAuthorizerOptions): Promise<VerifiedToken | null> {
  const { kid } = decodeProtectedHeader(token);
  if (typeof kid !== 'string' || (options.kid !== undefined && kid !== options.kid)) return null;
  const verifyOptions = { issuer: options.issuer, algorithms: options.algorithms ?? ['RS256', 'RS384', 'RS512'], requiredClaims: ['exp'] };
  const { payload } =
    typeof options.key === 'function'
      ? await jwtVerify(token, options.key, verifyOptions)
      : await jwtVerify(token, options.key, verifyOptions);
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) return null;
  const audience = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!audienceMatches(payload, audience)) return null;
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return { claims: payload, scopes: scope };
}

export async function verifyBearer(authorization: string | undefined, options: JwtAuthorizerOptions): Promise<VerifiedToken | null> {
  const token = tokenOf(authorization);
  if (!token) return null;
  try {
    return await verify(token, options);
  } catch {
    // jose's JOSEErrors, and also the TypeError WebCrypto throws for a header naming an algorithm the key
    // cannot do (RS384 against an RS256 key): each is a bad token, so each is API Gateway's 401.
    return null;
  }
}
