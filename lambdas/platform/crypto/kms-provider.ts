/** Data keys from AWS KMS (GenerateDataKey / Decrypt) under the stack's token key, with the encryption context. */
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SecretDecryptionError, type DataKeyProvider, type EncryptionContext } from './envelope.js';

export function kmsDataKeyProvider(client: KMSClient, keyId: string): DataKeyProvider {
  return {
    id: 'kms1',
    async generateDataKey(context: EncryptionContext) {
      const out = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key.');
      return { plaintext: out.Plaintext, encrypted: out.CiphertextBlob };
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
