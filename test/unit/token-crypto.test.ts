/**
 * Envelope encryption of access tokens: KMS (a local stand-in of its Encrypt
 * and Decrypt that checks the signed calls and binds each ciphertext to its
 * context, test/support/kms-stand-in.ts) and the local provider; a sealed
 * token opens only under its own encryption context.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretDecryptionError, kmsDataKeyProvider, localDataKeyProvider, openSecret, sealSecret } from '../../lambdas/platform/crypto/index.js';
import { startKmsStandIn, type KmsStandIn } from '../support/kms-stand-in.js';

let kms: KmsStandIn;
beforeAll(async () => {
  kms = await startKmsStandIn();
});
afterAll(() => kms.stop());
afterEach(() => kms.reset());

const token = 'EAAG' + 'x'.repeat(5000); // longer than KMS Encrypt's 4 KB limit
const context = { table: 'marketing.social_accounts', account_id: '0190a5f0-0000-7000-8000-000000000001' };
const other = { ...context, account_id: '0190a5f0-0000-7000-8000-000000000002' };
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/test';
const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret-key' };

describe('KMS envelope encryption', () => {
  it('wraps a fresh data key with one signed KMS Encrypt under the encryption context and opens it under the same context only', async () => {
    const provider = kmsDataKeyProvider(KEY, { endpoint: kms.endpoint, credentials });

    const sealed = await sealSecret(provider, token, context);

    expect(sealed.startsWith('kms1.')).toBe(true);
    expect(sealed).not.toContain('EAAG');
    const encrypt = kms.calls.find((c) => c.target === 'TrentService.Encrypt')!;
    expect(encrypt.input).toMatchObject({ KeyId: KEY, EncryptionContext: context });
    expect(Buffer.from(encrypt.input.Plaintext as string, 'base64')).toHaveLength(32);
    expect(encrypt.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/us-east-1\/kms\/aws4_request/);
    // The token itself never goes to KMS: only the 32-byte data key does.
    expect(JSON.stringify(kms.calls.map((c) => c.input))).not.toContain('EAAG');
    expect(await openSecret(provider, sealed, context)).toBe(token);
    expect(kms.calls.filter((c) => c.target === 'TrentService.Decrypt')).toHaveLength(1);
    await expect(openSecret(provider, sealed, other)).rejects.toBeInstanceOf(SecretDecryptionError);
  });

  it('refuses a ciphertext moved to another record even when the data key opens (the context is the GCM additional data)', async () => {
    const provider = kmsDataKeyProvider('key', { endpoint: kms.endpoint, credentials, region: 'us-east-1' });
    const sealed = await sealSecret(provider, token, context);
    // This KMS ignores the context: the GCM tag still refuses the other record.
    kms.ignoreContext = true;
    await expect(openSecret(provider, sealed, other)).rejects.toBeInstanceOf(SecretDecryptionError);
    expect(await openSecret(provider, sealed, context)).toBe(token);
  });

  it('an unknown ciphertext is refused as undecryptable, and the stand-in refuses an unsigned call', async () => {
    const provider = kmsDataKeyProvider(KEY, { endpoint: kms.endpoint, credentials });
    const sealed = await sealSecret(provider, token, context);
    const forged = sealed.replace(/^kms1\.[^.]+/, 'kms1.' + Buffer.from('standin:unknown').toString('base64url'));
    await expect(openSecret(provider, forged, context)).rejects.toBeInstanceOf(SecretDecryptionError);
    const response = await fetch(kms.endpoint, { method: 'POST', headers: { 'x-amz-target': 'TrentService.Decrypt' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
  });
});

describe('local key provider', () => {
  it('seals a fresh ciphertext each time, opens under its context only, and detects tampering', async () => {
    const provider = localDataKeyProvider();
    const a = await sealSecret(provider, 'short-token', context);
    const b = await sealSecret(provider, 'short-token', context);
    expect(a).not.toBe(b);
    expect(a.startsWith('loc1.')).toBe(true);
    expect(await openSecret(provider, a, context)).toBe('short-token');
    await expect(openSecret(provider, a, other)).rejects.toBeInstanceOf(SecretDecryptionError);
    const parts = a.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    await expect(openSecret(provider, [...parts.slice(0, 3), body.toString('base64url')].join('.'), context)).rejects.toBeInstanceOf(SecretDecryptionError);
    await expect(openSecret(provider, 'kms1.a.b.c', context)).rejects.toBeInstanceOf(SecretDecryptionError);
  });
});
