/**
 * Data keys for `npm start` and tests, where there is no KMS: each data key
 * is wrapped with AES-256-GCM under a local master key, with the encryption
 * context as additional data (so it behaves like KMS: the wrong context does
 * not open it). The default master key is a fixed, published value — local
 * data is not secret; AWS always uses KMS (see index.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretDecryptionError, contextBytes, type DataKeyProvider, type EncryptionContext } from './envelope.js';

const DEFAULT_MASTER_KEY = createHash('sha256').update('marketing-ops local token key (not a secret)').digest();

export function localDataKeyProvider(masterKey: Uint8Array = DEFAULT_MASTER_KEY): DataKeyProvider {
  if (masterKey.length !== 32) throw new Error('The local master key must be 32 bytes.');
  return {
    id: 'loc1',
    async generateDataKey(context: EncryptionContext) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(contextBytes(context));
      const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, encrypted: wrapped };
    },
    async decryptDataKey(encrypted: Uint8Array, context: EncryptionContext) {
      const bytes = Buffer.from(encrypted);
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, 12));
        decipher.setAAD(contextBytes(context));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
      } catch (error) {
        throw new SecretDecryptionError('The local key provider refused the data key under this context.', { cause: error });
      }
    },
  };
}
