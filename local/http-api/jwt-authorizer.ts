/**
 * What API Gateway's JWT authorizer does before a JWT route's Lambda runs:
 * bearer token from `Authorization`, signature, `iss`, `exp`/`nbf`, and an
 * audience that matches `aud` or (Cognito access tokens) `client_id`.
 * Any failure is the same bare 401.
 */
import { errors, jwtVerify } from 'jose';
import type { CryptoKey, JWK, JWTPayload, JWTVerifyGetKey, KeyObject } from 'jose';

export interface JwtAuthorizerOptions {
  /** Verification key (the dev key's public half) or a JWKS resolver (`createRemoteJWKSet`, `createLocalJWKSet`). */
  key: CryptoKey | KeyObject | JWK | Uint8Array | JWTVerifyGetKey;
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

export async function verifyBearer(authorization: string | undefined, options: JwtAuthorizerOptions): Promise<VerifiedToken | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const audience = typeof options.audience === 'string' ? [options.audience] : options.audience;
  try {
    const verifyOptions = { issuer: options.issuer, algorithms: options.algorithms ?? ['RS256', 'RS384', 'RS512'] };
    const { payload } =
      typeof options.key === 'function'
        ? await jwtVerify(match[1], options.key, verifyOptions)
        : await jwtVerify(match[1], options.key, verifyOptions);
    if (!audienceMatches(payload, audience)) return null;
    const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { claims: payload, scopes: scope };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
