/**
 * Local stand-in for Cognito: one RS256 signing key (RSA, like Cognito's, and
 * the only family API Gateway's JWT authorizer accepts) generated on first use
 * and kept in `.local/` (git-ignored), and tokens shaped like Cognito access
 * tokens with a `cognito:groups` claim.
 *
 *   npx tsx local/dev-auth.ts marketer [sub]   prints a token
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { ROLES, isRole } from '../lambdas/platform/auth/roles.js';
import type { Role } from '../lambdas/platform/auth/roles.js';
import { loadOrCreateDevFile, runIfScript } from './dev-files.js';

export const DEV_ISSUER = 'http://localhost/dev-auth';
export const DEV_AUDIENCE = 'marketing-ops-local';
export const DEV_ALG = 'RS256';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_KEY_FILE = path.join(PROJECT_ROOT, '.local', 'dev-jwt-rs256.json');

export interface DevSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Public half as a JWK (with kid and alg), e.g. for a JWKS document. */
  publicJwk: JWK;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

async function toSigningKey(stored: StoredKey): Promise<DevSigningKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = stored.privateJwk;
  const publicJwk: JWK = { ...publicPart, kid: stored.kid, alg: DEV_ALG, use: 'sig' };
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk, DEV_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, DEV_ALG)) as CryptoKey,
    publicJwk,
  };
}

const loaded = new Map<string, Promise<DevSigningKey>>();

/** The dev signing key, generated once per checkout and reused across runs. */
export function loadDevSigningKey(file: string = DEV_KEY_FILE): Promise<DevSigningKey> {
  let key = loaded.get(file);
  if (!key) {
    key = (async () => {
      const text = await loadOrCreateDevFile(file, async () => {
        const { privateKey } = await generateKeyPair(DEV_ALG, { extractable: true });
        return JSON.stringify({ kid: `dev-${randomUUID()}`, privateJwk: await exportJWK(privateKey) } satisfies StoredKey);
      });
      return toSigningKey(JSON.parse(text) as StoredKey);
    })();
    loaded.set(file, key);
    key.catch(() => loaded.delete(file));
  }
  return key;
}

export interface MintOptions {
  key?: DevSigningKey;
  issuer?: string;
  audience?: string;
  /** Seconds until expiry; 12 hours by default so a dev session lasts a working day. */
  expiresInSeconds?: number;
  /** Groups instead of `[role]` (e.g. several, or none). */
  groups?: readonly string[];
}

/** A Cognito-shaped access token for `role`, signed with the dev key. */
export async function mintToken(role: Role, sub: string = `dev-${role}`, options: MintOptions = {}): Promise<string> {
  const key = options.key ?? (await loadDevSigningKey());
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    'cognito:groups': [...(options.groups ?? [role])],
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: sub,
  })
    .setProtectedHeader({ alg: DEV_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 12 * 3600))
    .setJti(randomUUID())
    .sign(key.privateKey);
}

async function main(argv: string[]): Promise<void> {
  const [role = 'viewer', sub] = argv;
  if (!isRole(role)) throw new Error(`Role must be one of ${ROLES.join(', ')}`);
  process.stdout.write(`${await mintToken(role, sub)}\n`);
}

runIfScript(import.meta.url, main);
