import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stagedCopy } from '../../local/postgres/binaries.js';
import { reachableByOthers } from '../../local/postgres/permissions.js';

const made: string[] = [];
function tempDir(mode: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgbin-'));
  chmodSync(dir, mode);
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('reachableByOthers', () => {
  it('is false below a private folder and true below world-enterable ones', () => {
    const closed = tempDir(0o700);
    const open = tempDir(0o755);
    mkdirSync(path.join(open, 'a', 'b'), { recursive: true, mode: 0o755 });
    expect(reachableByOthers(path.join(closed, 'bin', 'postgres'))).toBe(false);
    expect(reachableByOthers(path.join(open, 'a', 'b', 'postgres'))).toBe(true);
  });
});

describe('stagedCopy', () => {
  it('copies the native tree once per version, keeping library symlinks as links', () => {
    const source = tempDir(0o700);
    mkdirSync(path.join(source, 'bin'));
    mkdirSync(path.join(source, 'lib'));
    writeFileSync(path.join(source, 'bin', 'postgres'), 'binary');
    writeFileSync(path.join(source, 'lib', 'libpq.so.5.17'), 'lib');
    symlinkSync('libpq.so.5.17', path.join(source, 'lib', 'libpq.so.5'));
    const base = tempDir(0o755);

    const target = stagedCopy(source, '17.0.0-test', base);
    expect(target).toBe(path.join(base, 'marketing-ops-postgres', '17.0.0-test', 'native'));
    expect(readFileSync(path.join(target, 'bin', 'postgres'), 'utf8')).toBe('binary');
    expect(readlinkSync(path.join(target, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.17');
    expect(reachableByOthers(path.join(target, 'bin', 'postgres'))).toBe(true);

    writeFileSync(path.join(source, 'bin', 'postgres'), 'changed');
    expect(stagedCopy(source, '17.0.0-test', base)).toBe(target);
    expect(readFileSync(path.join(target, 'bin', 'postgres'), 'utf8')).toBe('binary');
    expect(existsSync(`${target}.partial-${process.pid}`)).toBe(false);
  });
});
