/**
 * Data keys wrapped by AWS KMS under the stack's token key, with the
 * encryption context. The 32-byte data key is drawn here (Node's CSPRNG) and
 * wrapped with KMS Encrypt, so sealing needs exactly the `kms:Encrypt` a
 * domain's `tokenKey: ['encrypt']` grants (GenerateDataKey would need a grant
 * of its own); the data key is far below Encrypt's 4 KB limit whatever the
 * token's size. Opening needs `kms:Decrypt` (`tokenKey: ['decrypt']`).
 */
import { randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SecretDecryptionError, type DataKeyProvider, type EncryptionContext } from './envelope.js';

export function kmsDataKeyProvider(client: KMSClient, keyId: string): DataKeyProvider {
  return {
    id: 'kms1',
    async generateDataKey(context: EncryptionContext) {
      const plaintext = randomBytes(32);
      const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { ...context } }));
      if (!out.CiphertextBlob) {
        plaintext.fill(0);
        throw new Error('KMS Encrypt returned no ciphertext.');
      }
      return { plaintext, encrypted: out.CiphertextBlob };
    },
    async decryptDataKey(encrypted: Uint8Array, context: EncryptionContext) {
      try {
        const out = await client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: encrypted, EncryptionContext: { ...context } }));
        if (!out.Plaintext) throw new Error('KMS Decrypt returned no key.');
        return out.Plaintext;
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
