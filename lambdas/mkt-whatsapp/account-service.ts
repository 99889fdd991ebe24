/**
 * Creating and changing WhatsApp accounts with their write-only secrets: each
 * given secret is sealed (secrets.ts) before any statement carries it, and
 * the row is then written by the generic CRUD operation in one statement.
 * A new account's uuid is made here, because the encryption context names it.
 */
import { createRow, updateRow, type SessionSettings, type Versioned } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import { NotFoundError } from '../platform/errors.js';
import { newUuidV7 } from '../platform/uuid-v7.js';
import { accountResource } from './resources.js';
import { SECRET_COLUMNS, sealAccountSecret, sealingKeyId, type AccountSecret } from './secrets.js';
import { forgetWebhookSecrets } from './webhook-secrets.js';

type IfMatch = string[] | '*' | undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRETS = Object.keys(SECRET_COLUMNS) as AccountSecret[];

/** bytea through jsonb_populate_record: PostgreSQL's hex input form of the sealed text's bytes. */
const byteaText = (bytes: Buffer) => `\\x${bytes.toString('hex')}`;

/** The body's columns, with each given secret replaced by its sealed column. */
async function sealed(accountId: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = { ...input };
  let any = false;
  for (const secret of SECRETS) {
    const plain = values[secret];
    delete values[secret];
    if (typeof plain !== 'string') continue;
    values[SECRET_COLUMNS[secret]] = byteaText(await sealAccountSecret(accountId, secret, plain));
    any = true;
  }
  if (any) values.token_kms_key_id = sealingKeyId();
  return values;
}

export async function createAccount(input: Record<string, unknown>, settings: SessionSettings | undefined): Promise<Versioned> {
  const id = newUuidV7();
  const values = { ...(await sealed(id, input)), id };
  return createRow(getExecutor(), accountResource, {}, values, settings ? { settings } : {});
}

export async function updateAccount(pathId: string, input: Record<string, unknown>, ifMatch: IfMatch, settings: SessionSettings | undefined): Promise<Versioned> {
  const givesSecret = SECRETS.some((s) => typeof input[s] === 'string');
  // Accounts have no business id: a path that is not a uuid names nothing (and could not be a context).
  if (givesSecret && !UUID.test(pathId)) throw new NotFoundError(`No MktWhatsappAccount ${pathId}.`);
  const values = await sealed(pathId, input);
  const result = await updateRow(getExecutor(), accountResource, { id: pathId }, values, ifMatch, settings ? { settings } : {});
  // This container's webhook must not keep verifying with a replaced secret.
  if (givesSecret) forgetWebhookSecrets(pathId);
  return result;
}
