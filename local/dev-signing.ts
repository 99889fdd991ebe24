/**
 * Local stand-in for the stage signing secret (the Secrets Manager secret the
 * stack generates): 32 random bytes generated on first start and kept in
 * `.local/` (git-ignored), so cursors and feed URLs survive `npm start` restarts.
 */
import { randomBytes } from 'node:crypto';
import { loadOrCreateDevFile } from './dev-files.js';

/** The dev secret, generated once per data folder. */
export async function loadDevSigningSecret(file: string): Promise<Buffer> {
  const text = await loadOrCreateDevFile(file, () => randomBytes(32).toString('base64url'));
  return Buffer.from(text.trim(), 'base64url');
}
