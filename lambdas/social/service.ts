/**
 * Social account rules on plain inputs: an access token is sealed (KMS
 * envelope, context = the account's uuid) before any statement carries it,
 * and nothing here returns or logs it.
 */
import { createRow, getRow, updateRow, type Versioned } from '../platform/crud/index.js';
import { tokenKeyProvider, sealSecret } from '../platform/crypto/index.js';
import { getExecutor } from '../platform/db/index.js';
import { newAccountId } from './account-ids.js';
import { socialAccountResource } from './resources.js';
import { tokenContext } from './token-context.js';
import type { CreateAccountInput, UpdateAccountInput } from './schemas.js';

type IfMatch = string[] | '*' | undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { tokenContext };

export async function createAccount(input: CreateAccountInput): Promise<Versioned> {
  const { access_token: token, ...columns } = input;
  const id = newAccountId();
  const values: Record<string, unknown> = { ...columns, id };
  if (token !== undefined) values.access_token = await sealSecret(tokenKeyProvider(), token, tokenContext(id));
  return createRow(getExecutor(), socialAccountResource, {}, values);
}

export async function updateAccount(pathId: string, input: UpdateAccountInput, ifMatch: IfMatch): Promise<Versioned> {
  const { access_token: token, ...columns } = input;
  const values: Record<string, unknown> = { ...columns };
  if (token !== undefined) {
    // The context needs the uuid; a business id in the path costs one read (404 when it names nothing).
    const uuid = UUID.test(pathId) ? pathId : String((await getRow(getExecutor(), socialAccountResource, { id: pathId })).row.id);
    values.access_token = await sealSecret(tokenKeyProvider(), token, tokenContext(uuid));
    // A new token is what a `reauth_required` account (a token the platform refused) was waiting for.
    values.status ??= 'active';
  }
  return updateRow(getExecutor(), socialAccountResource, { id: pathId }, values, ifMatch);
}
