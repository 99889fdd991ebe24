/**
 * Envelope encryption of access tokens: KMS (mocked with aws-sdk-client-mock,
 * which checks what we send) and the local provider; a sealed token opens
 * only under its own encryption context.
 */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretDecryptionError, kmsDataKeyProvider, localDataKeyProvider, openSecret, sealSecret } from '../../lambdas/platform/crypto/index.js';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const token = 'EAAG' + 'x'.repeat(5000); // longer than KMS Encrypt's 4 KB limit
const context = { table: 'marketing.social_accounts', account_id: '0190a5f0-0000-7000-8000-000000000001' };
const other = { ...context, account_id: '0190a5f0-0000-7000-8000-000000000002' };

describe('KMS envelope encryption', () => {
  it('wraps a fresh data key with KMS Encrypt under the encryption context and opens it under the same context only', async () => {
    let dataKey = Buffer.alloc(0);
    const wrapped = Buffer.from('wrapped-by-kms');
    kms.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array }) => {
      dataKey = Buffer.from(input.Plaintext);
      return { CiphertextBlob: wrapped };
    });
    // KMS itself refuses a data key under any other context (InvalidCiphertextException).
    kms.on(DecryptCommand).callsFake((input: { EncryptionContext?: Record<string, string> }) => {
      if (JSON.stringify(input.EncryptionContext) !== JSON.stringify(context)) throw Object.assign(new Error('denied'), { name: 'InvalidCiphertextException' });
      return { Plaintext: Uint8Array.from(dataKey) };
    });
    const provider = kmsDataKeyProvider(new KMSClient({ region: 'us-east-1' }), 'arn:aws:kms:us-east-1:111122223333:key/test');

    const sealed = await sealSecret(provider, token, context);

    expect(sealed.startsWith('kms1.')).toBe(true);
    expect(sealed).not.toContain('EAAG');
    const encrypt = kms.commandCalls(EncryptCommand)[0]!.args[0].input;
    expect(encrypt).toMatchObject({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/test', EncryptionContext: context });
    expect(dataKey).toHaveLength(32);
    expect(await openSecret(provider, sealed, context)).toBe(token);
    expect(Buffer.from(kms.commandCalls(DecryptCommand)[0]!.args[0].input.CiphertextBlob!)).toEqual(wrapped);
    await expect(openSecret(provider, sealed, other)).rejects.toBeInstanceOf(SecretDecryptionError);
  });

  it('refuses a ciphertext moved to another record even when the data key opens (the context is the GCM additional data)', async () => {
    let dataKey = Buffer.alloc(0);
    kms.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array }) => {
      dataKey = Buffer.from(input.Plaintext);
      return { CiphertextBlob: Buffer.from('k') };
    });
    // This KMS ignores the context: the GCM tag still refuses the other record.
    kms.on(DecryptCommand).callsFake(() => ({ Plaintext: Uint8Array.from(dataKey) }));
    const provider = kmsDataKeyProvider(new KMSClient({ region: 'us-east-1' }), 'key');
    const sealed = await sealSecret(provider, token, context);
    await expect(openSecret(provider, sealed, other)).rejects.toBeInstanceOf(SecretDecryptionError);
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
