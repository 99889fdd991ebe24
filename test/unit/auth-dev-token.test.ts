import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from '../../local/dev-auth.js';
import { verifyBearer } from '../../local/http-api/jwt-authorizer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dev-auth-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dev signing key', () => {
  it('is generated once, kept private on disk, and reused by every caller', async () => {
    const file = path.join(dir, 'nested', 'key.json');
    const [a, b] = await Promise.all([loadDevSigningKey(file), loadDevSigningKey(file)]);
    expect(a.kid).toBe(b.kid);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { kid: string; privateJwk: { kty: string; d?: string } };
    expect(stored).toMatchObject({ kid: a.kid, privateJwk: { kty: 'RSA' } });
    expect(a.publicJwk.d).toBeUndefined();
    expect(a.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: a.kid });
  });
});

describe('mintToken', () => {
  it('mints a Cognito-shaped access token verifiable with the public key', async () => {
    const key = await loadDevSigningKey(path.join(dir, 'k2.json'));
    const jwt = await mintToken('marketer', 'alice', { key });
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', kid: key.kid });
    const { payload } = await jwtVerify(jwt, key.publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    expect(payload).toMatchObject({ sub: 'alice', 'cognito:groups': ['marketer'], token_use: 'access' });
    expect(payload.exp! - payload.iat!).toBe(12 * 3600);
  });

  it('is accepted by the local JWT authorizer with scopes, and refused with another audience', async () => {
    const key = await loadDevSigningKey(path.join(dir, 'k3.json'));
    const options = { key: key.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE };
    const verified = await verifyBearer(`Bearer ${await mintToken('admin', undefined, { key })}`, options);
    expect(verified?.claims.sub).toBe('dev-admin');
    expect(verified?.scopes).toEqual(['aws.cognito.signin.user.admin']);
    expect(await verifyBearer(`Bearer ${await mintToken('admin', 'x', { key, audience: 'other' })}`, options)).toBeNull();
    expect(await verifyBearer('Bearer not.a.jwt', options)).toBeNull();
  });
});
