/** The local stand-in for the stage signing secret: generated once into the data folder, then reused. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDevSigningSecret } from '../../local/dev-signing.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('dev signing secret', () => {
  it('is 32 random bytes, written once (owner-only), and the same on every later start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mkt-dev-signing-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'dev-signing-secret');
    const [a, b] = await Promise.all([loadDevSigningSecret(file), loadDevSigningSecret(file)]);
    expect(a).toHaveLength(32);
    expect(a.equals(b!)).toBe(true);
    expect((await loadDevSigningSecret(file)).equals(a)).toBe(true);
    expect((await stat(file)).mode & 0o077).toBe(0);
    const other = await loadDevSigningSecret(path.join(dir, 'other'));
    expect(other.equals(a)).toBe(false);
  });
});
