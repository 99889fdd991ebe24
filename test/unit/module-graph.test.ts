/**
 * Every domain's handler loads on its own, and the platform library imports
 * nothing of the application: no domain folder, no route table. A platform
 * that knew the app would pull every domain into every bundle.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const PLATFORM = path.resolve('lambdas', 'platform');

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('module graph', () => {
  it('the platform imports nothing outside lambdas/platform (and packages)', async () => {
    const offenders: string[] = [];
    for (const file of await files(PLATFORM)) {
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(file), match[1] ?? '');
        if (!target.startsWith(PLATFORM + path.sep)) offenders.push(`${path.relative(PLATFORM, file)} -> ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('loads each domain handler on its own, then the route table, without an import cycle', async () => {
    const folders = (await readdir(path.resolve('lambdas'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const loaded: string[] = [];
    for (const folder of folders) {
      const file = path.resolve('lambdas', folder, 'handler.ts');
      if (!(await readFile(file).then(() => true, () => false))) continue;
      const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { handler?: unknown };
      expect(typeof module.handler, folder).toBe('function');
      loaded.push(folder);
    }
    const { domains } = await import('../../lambdas/app.js');
    expect(loaded.sort()).toEqual(domains.map((d) => d.name).sort());
  });
});
