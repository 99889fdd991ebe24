/**
 * The container's one token key provider: KMS under TOKEN_KMS_KEY_ID (set by
 * the stack for every function), the local provider only on the local stack
 * (DATA_API_ENDPOINT set). Anything else is a configuration error, so a
 * function in AWS never falls back to a key that is not KMS.
 */
import { ConfigError, optionalEnv } from '../config.js';
import type { DataKeyProvider } from './envelope.js';
import { kmsDataKeyProvider } from './kms-provider.js';
import { localDataKeyProvider } from './local-provider.js';

export { openSecret, sealSecret, SecretDecryptionError, type DataKeyProvider, type EncryptionContext } from './envelope.js';
export { kmsDataKeyProvider } from './kms-provider.js';
export { localDataKeyProvider } from './local-provider.js';

let provider: DataKeyProvider | undefined;

export function tokenKeyProvider(): DataKeyProvider {
  if (provider) return provider;
  const keyId = optionalEnv('TOKEN_KMS_KEY_ID');
  if (keyId) provider = kmsDataKeyProvider(keyId);
  else if (optionalEnv('DATA_API_ENDPOINT')) provider = localDataKeyProvider();
  else throw new ConfigError('Missing required environment variable TOKEN_KMS_KEY_ID');
  return provider;
}

export function resetTokenKeyProviderForTests(): void {
  provider = undefined;
}
