/**
 * Data keys wrapped by AWS KMS under the stack's token key, with the
 * encryption context. The 32-byte data key is drawn here (Node's CSPRNG) and
 * wrapped with KMS Encrypt, so sealing needs exactly the `kms:Encrypt` a
 * domain's `tokenKey: ['encrypt']` grants (GenerateDataKey would need a grant
 * of its own); the data key is far below Encrypt's 4 KB limit whatever the
 * token's size. Opening needs `kms:Decrypt` (`tokenKey: ['decrypt']`).
 *
 * Encrypt and Decrypt are single signed JSON 1.1 calls
 * (../aws-signing/json-request.ts), not the KMS SDK client (~27 KB of every
 * bundle that seals or opens a token). Blobs travel base64-encoded, as the
 * protocol carries them. The endpoint is AWS_ENDPOINT_URL_KMS, else
 * AWS_ENDPOINT_URL, else the region's.
 */
import { randomBytes } from 'node:crypto';
import { awsJsonRequest, type AwsJsonOptions } from '../aws-signing/json-request.js';
import { ConfigError, optionalEnv } from '../config.js';
import { SecretDecryptionError, type DataKeyProvider, type EncryptionContext } from './envelope.js';

const KMS = { name: 'kms', endpointEnv: 'AWS_ENDPOINT_URL_KMS', label: 'KMS' } as const;

function regionFor(keyId: string, options: AwsJsonOptions): string {
  const region = options.region ?? optionalEnv('AWS_REGION') ?? optionalEnv('AWS_DEFAULT_REGION') ?? /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1];
  if (!region) throw new ConfigError(`No AWS region for KMS: set AWS_REGION (key ${keyId})`);
  return region;
}

export function kmsDataKeyProvider(keyId: string, options: AwsJsonOptions = {}): DataKeyProvider {
  return {
    id: 'kms1',
    async generateDataKey(context: EncryptionContext) {
      const plaintext = randomBytes(32);
      try {
        const out = await awsJsonRequest(
          KMS,
          'TrentService.Encrypt',
          { KeyId: keyId, Plaintext: plaintext.toString('base64'), EncryptionContext: { ...context } },
          regionFor(keyId, options),
          `KMS Encrypt under ${keyId}`,
          options,
        );
        if (typeof out.CiphertextBlob !== 'string' || out.CiphertextBlob === '') throw new Error('KMS Encrypt returned no ciphertext.');
        return { plaintext, encrypted: Buffer.from(out.CiphertextBlob, 'base64') };
      } catch (error) {
        plaintext.fill(0);
        throw error;
      }
    },
    async decryptDataKey(encrypted: Uint8Array, context: EncryptionContext) {
      try {
        const out = await awsJsonRequest(
          KMS,
          'TrentService.Decrypt',
          { KeyId: keyId, CiphertextBlob: Buffer.from(encrypted).toString('base64'), EncryptionContext: { ...context } },
          regionFor(keyId, options),
          `KMS Decrypt under ${keyId}`,
          options,
        );
        if (typeof out.Plaintext !== 'string' || out.Plaintext === '') throw new Error('KMS Decrypt returned no key.');
        return Buffer.from(out.Plaintext, 'base64');
      } catch (error) {
        // InvalidCiphertextException is what a wrong context looks like to KMS.
        if ((error as { name?: string }).name === 'InvalidCiphertextException') {
          throw new SecretDecryptionError('KMS refused the data key under this context.', { cause: error });
        }
        throw error;
      }
    },
  };
}
