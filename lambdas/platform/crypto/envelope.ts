/**
 * Envelope encryption of small secrets (social access tokens): a fresh
 * 256-bit data key per secret encrypts it with AES-256-GCM, and the data key
 * is stored only as wrapped by a key provider (KMS in AWS). KMS Encrypt takes
 * at most 4 KB of plaintext; wrapping a 32-byte data key keeps any secret
 * clear of that limit.
 *
 * The encryption context (e.g. `{ account_id }`) binds a ciphertext to its
 * record twice: KMS refuses to decrypt the data key under another context,
 * and the context is the GCM additional data, so a ciphertext copied to
 * another record fails its tag check even with the right data key. The
 * context is logged by CloudTrail in clear: put ids in it, never secrets.
 *
 * Sealed form: `<provider>.<encrypted data key>.<iv>.<ciphertext+tag>`, each
 * part base64url; `provider` says which key provider can open it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type EncryptionContext = Readonly<Record<string, string>>;

export interface DataKey {
  plaintext: Uint8Array;
  encrypted: Uint8Array;
}

/** Where data keys come from and how they are opened again. */
export interface DataKeyProvider {
  /** Short tag written into the sealed form (`kms1`, `loc1`). */
  readonly id: string;
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  decryptDataKey(encrypted: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}

export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The context as GCM additional data: keys sorted, so the same context always gives the same bytes. */
export function contextBytes(context: EncryptionContext): Buffer {
  return Buffer.from(JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]])), 'utf8');
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export async function sealSecret(provider: DataKeyProvider, secret: string, context: EncryptionContext): Promise<string> {
  const key = await provider.generateDataKey(context);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(contextBytes(context));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [provider.id, b64(key.encrypted), b64(iv), b64(body)].join('.');
  } finally {
    // The plaintext key lives only as long as this call.
    key.plaintext.fill(0);
  }
}

export async function openSecret(provider: DataKeyProvider, sealed: string, context: EncryptionContext): Promise<string> {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== provider.id) throw new SecretDecryptionError('Not a secret sealed by this key provider.');
  const [encryptedKey, iv, body] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SecretDecryptionError('Malformed sealed secret.');
  const key = await provider.decryptDataKey(encryptedKey, context);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SecretDecryptionError('The secret does not open under this context.', { cause: error });
  } finally {
    key.fill(0);
  }
}
