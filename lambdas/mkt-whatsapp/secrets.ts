/**
 * An account's three write-only secrets: the Cloud API access token (used by
 * the sender), the Meta app secret (signs the account's webhook deliveries)
 * and the webhook's verify token. Each is sealed with the platform's envelope
 * encryption under the stack's token key, with an encryption context naming
 * the table, the account and which secret it is: a ciphertext copied to
 * another account or column does not open, and IAM can allow a function to
 * open one kind and not another (KMS checks the context; see the grants below).
 * Nothing here logs or returns a plain secret.
 */
import { optionalEnv } from '../platform/config.js';
import { openSecret, sealSecret, tokenKeyProvider } from '../platform/crypto/index.js';
import type { TokenKeyUse } from '../platform/http/domain.js';

export const SECRET_TABLE = 'public.mkt_wap_accounts';
export type AccountSecret = 'access_token' | 'app_secret' | 'verify_token';

/** The column each secret is stored in (bytea: the UTF-8 bytes of the sealed form). */
export const SECRET_COLUMNS: Readonly<Record<AccountSecret, string>> = {
  access_token: 'access_token_encrypted',
  app_secret: 'app_secret_encrypted',
  verify_token: 'verify_token_encrypted',
};

export const secretContext = (accountId: string, secret: AccountSecret) => ({ table: SECRET_TABLE, account_id: accountId.toLowerCase(), secret });

export async function sealAccountSecret(accountId: string, secret: AccountSecret, value: string): Promise<Buffer> {
  return Buffer.from(await sealSecret(tokenKeyProvider(), value, secretContext(accountId, secret)), 'utf8');
}

/** `sealed` as the statement read it: `convert_from(column, 'UTF8')`. */
export async function openAccountSecret(accountId: string, secret: AccountSecret, sealed: string): Promise<string> {
  return openSecret(tokenKeyProvider(), sealed, secretContext(accountId, secret));
}

/** What token_kms_key_id records: the KMS key's ARN in AWS, the local provider's tag locally. */
export const sealingKeyId = (): string => optionalEnv('TOKEN_KMS_KEY_ID') ?? tokenKeyProvider().id;

/** The API function seals all three and opens only the webhook's two (never the access token). */
export const apiKeyUses: readonly TokenKeyUse[] = [
  { use: 'encrypt', context: { table: SECRET_TABLE } },
  { use: 'decrypt', context: { table: SECRET_TABLE, secret: ['app_secret', 'verify_token'] } },
];

/** The sender opens access tokens only. */
export const senderKeyUses: readonly TokenKeyUse[] = [{ use: 'decrypt', context: { table: SECRET_TABLE, secret: 'access_token' } }];
