/**
 * Opens an account's sealed token, for a publisher and nothing else: the
 * plaintext lives in the publisher's Graph client and is never returned,
 * stored or logged. The context names the account, so a token copied to
 * another account's row does not open.
 */
import { openSecret, SecretDecryptionError, tokenKeyProvider } from '../../../platform/crypto/index.js';
import { tokenContext } from '../../../social/token-context.js';
import type { ClaimedPost } from '../claim.js';

export class NoUsableToken extends Error {
  override readonly name = 'NoUsableToken';
}

export async function openAccountToken(post: ClaimedPost): Promise<string> {
  const sealed = post.account.sealed_token;
  if (!sealed) throw new NoUsableToken('The account has no access token; connect it with one.');
  try {
    return await openSecret(tokenKeyProvider(), sealed, tokenContext(post.account_id));
  } catch (error) {
    if (error instanceof SecretDecryptionError) throw new NoUsableToken('The account\'s access token does not decrypt under its account; replace the token.');
    throw error;
  }
}
