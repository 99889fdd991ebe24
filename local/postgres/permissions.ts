/** Can a user other than the owner reach a path (execute permission on every folder above it)? */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export function reachableByOthers(target: string): boolean {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    if (path.dirname(dir) === dir) return true;
  }
}
