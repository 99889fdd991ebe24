/**
 * `npm start` as the README says to run it, in a folder of its own: a copy of
 * the checkout made of symlinks (so `.local/` and the files the examples write,
 * such as upload.json, land there and not in the checkout), on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const NOT_LINKED = new Set(['.local', '.git', 'cdk.out', 'coverage']);

/** A folder that looks like the checkout to every command the README runs. */
export async function checkoutFarm(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'readme-examples-'));
  // PostgreSQL runs as another user when this is root: it must be able to enter the folder.
  await chmod(dir, 0o755);
  for (const entry of await readdir(REPO)) {
    if (!NOT_LINKED.has(entry)) await symlink(path.join(REPO, entry), path.join(dir, entry));
  }
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BackgroundStart {
  output(): string;
  stop(): Promise<void>;
}

/** Runs `command` (npm start) in its own process group and resolves once it prints `readyText`. */
export async function startInBackground(command: string, cwd: string, env: NodeJS.ProcessEnv, readyText: string, timeoutMs: number): Promise<BackgroundStart> {
  const child: ChildProcess = spawn('bash', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C, as the README says; the group is this child's alone
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not print "${readyText}" within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${command} exited before it was ready:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { output: () => output, stop };
}
