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

  it('a domain imports only its own folder and the platform, but for the declared exceptions', async () => {
    // What one domain may know of another, and why (each is in the README's architecture section).
    const allowed: Record<string, string> = {
      'property-content -> library/asset-summary.ts': 'gallery rows embed the asset summary',
      'planning -> calendar-feeds/feed-token.ts': "a calendar's feed tokens are issued where the calendar lives",
      'planning -> calendar-feeds/ical-response.ts': "GET /v1/calendars/{id}/ical serves the feed's iCalendar",
      'planning -> calendar-feeds/repository.ts': 'the same',
      'health -> workers/migrator/ledger.ts': 'readiness reads the migration ledger (without the migrator)',
    };
    const lambdas = path.resolve('lambdas');
    const domainOf = (file: string): string => path.relative(lambdas, file).split(path.sep)[0] ?? '';
    const offenders: string[] = [];
    const used = new Set<string>();
    const seen = new Set<string>();
    const visit = async (file: string, domain: string): Promise<void> => {
      if (seen.has(`${domain}:${file}`)) return;
      seen.add(`${domain}:${file}`);
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        const target = path.resolve(path.dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts'));
        const owner = domainOf(target);
        if (owner === 'platform') continue;
        if (owner !== domain) {
          const edge = `${domain} -> ${path.relative(lambdas, target)}`;
          if (edge in allowed) used.add(edge);
          else offenders.push(edge);
        }
        // A foreign file is walked as its own domain's: its own folder is fine, its other imports are checked.
        await visit(target, owner);
      }
    };
    const { domains } = await import('../../lambdas/app.js');
    for (const { name } of domains) await visit(path.join(lambdas, name, 'handler.ts'), name);
    expect(offenders).toEqual([]);
    // Every exception is still needed, and the walk reached every domain's files.
    expect([...used].sort()).toEqual(Object.keys(allowed).sort());
    expect(seen.size).toBeGreaterThan(domains.length * 3);
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
