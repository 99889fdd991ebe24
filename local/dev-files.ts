/**
 * The dev secrets `npm start` generates once into `.local/` (git-ignored): the
 * JWT key, the SendGrid key pair, the signing secret, the WhatsApp secrets.
 * One way to make them, so every one is created atomically (link() makes the
 * first writer win when two processes start together; each writer's temp file
 * has a name of its own) and readable only by its owner.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file's text, or null when it does not exist yet. */
async function readDevFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The file's text; when it does not exist, `create()`'s text is written first, unless another process wrote it meanwhile. */
export async function loadOrCreateDevFile(file: string, create: () => string | Promise<string>): Promise<string> {
  const existing = await readDevFile(file);
  if (existing !== null) return existing;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temp, await create(), { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return readFile(file, 'utf8');
}

/**
 * Runs `main` with the arguments when the module is the script node was started with (`npx tsx local/<tool>.ts …`).
 * Compared by real path: node names a module by its real path, so through a symlinked folder the two differ.
 */
export function runIfScript(moduleUrl: string, main: (argv: string[]) => Promise<void>): void {
  if (!process.argv[1]) return;
  const script = path.resolve(process.argv[1]);
  const real = existsSync(script) ? realpathSync(script) : script;
  if (moduleUrl !== pathToFileURL(real).href) return;
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
