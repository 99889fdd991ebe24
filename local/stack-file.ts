/**
 * What a running `npm start` tells other local commands, in its LOCAL_DATA_DIR:
 *
 * - `stack.json`: the API and database URLs and the process id, read by `npm run demo`
 *   (local/demo/target.ts), which loads data only into a stack that this file names and
 *   that is still running on this machine;
 * - `env.sh`: `source .local/env.sh` sets API, the tokens and the database URL in a shell,
 *   as the README's examples expect.
 *
 * Both are git-ignored like the rest of `.local/`, readable by this user only (they hold
 * tokens), and removed when `npm start` stops.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const STACK_FILE = 'stack.json';
export const ENV_FILE = 'env.sh';

export interface StackFile {
  pid: number;
  /** The local HTTP API, e.g. http://127.0.0.1:3000. */
  api: string;
  /** psql URL of the local database as the Aurora-master-like role. */
  databaseUrl: string;
  startedAt: string;
}

export interface EnvFileValues {
  api: string;
  databaseUrl: string;
  dataDir: string;
  tokens: { admin: string; marketer: string; viewer: string };
  whatsapp?: { verifyToken: string; appSecret: string };
}

/** Single-quoted for sh: none of these values holds a quote, but a path might. */
const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function envFileText(values: EnvFileValues): string {
  const lines = [
    '# Written by npm start (local/stack-file.ts) while it runs; tokens are valid 12 h.',
    `export API=${quote(values.api)}`,
    `export ADMIN=${quote(values.tokens.admin)}`,
    `export MARKETER=${quote(values.tokens.marketer)}`,
    `export VIEWER=${quote(values.tokens.viewer)}`,
    '# The README examples send TOKEN: the marketer may read and write.',
    `export TOKEN="$MARKETER"`,
    `export LOCAL_DATABASE_URL=${quote(values.databaseUrl)}`,
    // The dev tools (local/dev-whatsapp.ts, local/dev-sendgrid.ts, npm run demo) find this stack's keys through it.
    `export LOCAL_DATA_DIR=${quote(values.dataDir)}`,
  ];
  if (values.whatsapp) {
    lines.push(`export WHATSAPP_VERIFY_TOKEN=${quote(values.whatsapp.verifyToken)}`, `export WHATSAPP_APP_SECRET=${quote(values.whatsapp.appSecret)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function writeStackFiles(dataDir: string, stack: StackFile, env: EnvFileValues): Promise<void> {
  await writeFile(path.join(dataDir, STACK_FILE), `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  await writeFile(path.join(dataDir, ENV_FILE), envFileText(env), { mode: 0o600 });
}

export async function removeStackFiles(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, STACK_FILE), { force: true });
  await rm(path.join(dataDir, ENV_FILE), { force: true });
}

export async function readStackFile(dataDir: string): Promise<StackFile | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, STACK_FILE), 'utf8')) as StackFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
