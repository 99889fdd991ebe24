/**
 * The route table, the shared CRUD module and the HTTP chain import each other
 * indirectly; an import cycle between them makes some bindings undefined at load
 * time depending on which module a program loads first. Loading them in the
 * "wrong" order must work.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('module graph', () => {
  it('loads the CRUD module before the route table without an import cycle', async () => {
    const crud = await import('../../lambdas/platform/crud/index.js');
    expect(typeof crud.rowVersionSql).toBe('function');
    const { routes, domains } = await import('../../lambdas/app.js');
    expect(routes.length).toBeGreaterThan(10);
    for (const domain of domains()) {
      const file = pathToFileURL(path.resolve('lambdas', domain, 'handler.ts')).href;
      const module = (await import(/* @vite-ignore */ file)) as { handler?: unknown };
      expect(typeof module.handler, domain).toBe('function');
    }
  });
});
