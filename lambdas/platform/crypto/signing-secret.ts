/**
 * The stage's signing secret and the keys derived from it. One secret per
 * stage (a Secrets Manager secret the stack generates, SIGNING_SECRET_ARN),
 * read once per container; each use gets its own key through HKDF-SHA256
 * (RFC 5869) with the purpose as `info`, so a list cursor's MAC can never
 * pass as a feed token's tag or the other way round.
 *
 * Where the secret comes from:
 *   - SIGNING_SECRET_ARN set (every function the stack grants it): Secrets
 *     Manager, fetched by `loadSigningSecret()` before the first request
 *     (the domain handler awaits it), then cached for the container's life.
 *     One signed GetSecretValue call (get-secret-value.ts), not the SDK
 *     client, which would add ~13 KB to every API bundle.
 *   - installed with `useSigningSecret()`: the local stack installs the dev
 *     secret it keeps in the git-ignored `.local/` (local/dev-signing.ts).
 *   - neither, outside Lambda (scripts, unit tests): a random secret for this
 *     process. In Lambda without an ARN it is a configuration error, so a
 *     deployed function never signs with a key nobody else shares.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, optionalEnv } from '../config.js';
import { getSecretValue, type GetSecretValueOptions } from './get-secret-value.js';

export const SIGNING_SECRET_ARN_ENV = 'SIGNING_SECRET_ARN';

/** Each purpose is its own key; the version lets a purpose change its key without a new secret. */
export type SigningPurpose = 'list-cursor/v1' | 'calendar-feed-token/v1';

let secret: Buffer | undefined;
let loading: Promise<void> | undefined;
const derived = new Map<SigningPurpose, Buffer>();

/** Installs the secret (local stack, tests); drops keys derived from an earlier one. */
export function useSigningSecret(value: Buffer): void {
  if (value.length < 32) throw new Error('The signing secret must be at least 32 bytes');
  secret = Buffer.from(value);
  derived.clear();
}

/** Fetches the secret once when the stack configured one; later calls share the first fetch. A failed fetch is retried next time. */
export function loadSigningSecret(options?: GetSecretValueOptions): Promise<void> {
  const arn = optionalEnv(SIGNING_SECRET_ARN_ENV);
  if (secret || !arn) return Promise.resolve();
  loading ??= (async () => {
    const out = await getSecretValue(arn, options);
    const value = out.secretString ? Buffer.from(out.secretString, 'utf8') : out.secretBinary?.length ? out.secretBinary : undefined;
    if (!value) throw new ConfigError(`The signing secret ${arn} has no value`);
    useSigningSecret(value);
  })().finally(() => {
    loading = undefined;
  });
  return loading;
}

function currentSecret(): Buffer {
  if (secret) return secret;
  if (optionalEnv(SIGNING_SECRET_ARN_ENV)) throw new ConfigError('The signing secret was used before loadSigningSecret() finished');
  if (optionalEnv('AWS_LAMBDA_FUNCTION_NAME')) throw new ConfigError(`Missing required environment variable ${SIGNING_SECRET_ARN_ENV}`);
  useSigningSecret(randomBytes(32));
  return secret!;
}

/** The 32-byte key for one purpose. */
export function signingKey(purpose: SigningPurpose): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', currentSecret(), Buffer.alloc(0), `marketing-ops/${purpose}`, 32));
    derived.set(purpose, key);
  }
  return key;
}

export function resetSigningSecretForTests(): void {
  secret = undefined;
  loading = undefined;
  derived.clear();
}
