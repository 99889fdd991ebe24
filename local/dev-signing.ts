/**
 * Local stand-in for the stage signing secret (the Secrets Manager secret the
 * stack generates): 32 random bytes generated on first start and kept in
 * `.local/` (git-ignored), so cursors and feed URLs survive `npm start` restarts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The dev secret, generated once per data folder; link() makes the first writer win when two processes start together. */
export async function loadDevSigningSecret(file: string): Promise<Buffer> {
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temp, randomBytes(32).toString('base64url'), { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
}
