/**
 * Where the webhook finds an account's app secret and verify token: sealed in
 * the account's row (schema/102), read with one statement and opened (KMS
 * Decrypt, allowed for these two secrets only) the first time this container
 * needs them, then kept here. So a delivery in steady state costs the one
 * statement that stores it; the signature is still checked over the raw body
 * before anything is parsed.
 *
 * A secret replaced through this container's API is forgotten at once
 * (account-service.ts); one replaced through another container is picked up
 * when a signature fails to verify with a copy older than REFRESH_AFTER_MS:
 * the row is read again, at most once a minute per account, so a flood of
 * bad signatures cannot turn into a flood of reads.
 */
import { getExecutor } from '../platform/db/index.js';
import { sqlValue } from '../platform/db/values.js';
import { openAccountSecret } from './secrets.js';

export const REFRESH_AFTER_MS = 60_000;
const MAX_ACCOUNTS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhookSecrets {
  appSecret: string | null;
  verifyToken: string | null;
  loadedAt: number;
}

const cache = new Map<string, WebhookSecrets>();

async function load(accountId: string): Promise<WebhookSecrets | null> {
  const { rows } = await getExecutor().query(
    `SELECT convert_from(app_secret_encrypted, 'UTF8') AS app_secret, convert_from(verify_token_encrypted, 'UTF8') AS verify_token
     FROM public.mkt_wap_accounts WHERE id = :id`,
    { id: sqlValue.uuid(accountId) },
  );
  const row = rows[0];
  if (!row) return null;
  const open = (sealed: unknown, secret: 'app_secret' | 'verify_token') =>
    typeof sealed === 'string' ? openAccountSecret(accountId, secret, sealed) : Promise.resolve(null);
  const [appSecret, verifyToken] = await Promise.all([open(row.app_secret, 'app_secret'), open(row.verify_token, 'verify_token')]);
  return { appSecret, verifyToken, loadedAt: Date.now() };
}

/** The account's secrets (null: no such account); `refresh` reads them again unless the copy is younger than a minute. */
export async function webhookSecrets(accountId: string, refresh = false): Promise<WebhookSecrets | null> {
  if (!UUID.test(accountId)) return null;
  const key = accountId.toLowerCase();
  const cached = cache.get(key);
  if (cached && (!refresh || Date.now() - cached.loadedAt < REFRESH_AFTER_MS)) return cached;
  const loaded = await load(key);
  // Unknown ids are not remembered, so the map holds real accounts only; its size is capped anyway.
  if (!loaded) return null;
  if (cache.size >= MAX_ACCOUNTS) cache.clear();
  cache.set(key, loaded);
  return loaded;
}

export function forgetWebhookSecrets(accountId?: string): void {
  if (accountId === undefined) cache.clear();
  else cache.delete(accountId.toLowerCase());
}
