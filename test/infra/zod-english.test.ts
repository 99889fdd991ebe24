/**
 * Bundles resolve `zod` to lib/bundling/zod-english.js (api-function.ts). It
 * must offer what zod offers, and say the same things in the same words.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zod from 'zod';
import { describe, expect, it } from 'vitest';
import { ESBUILD_ALIASES, PROJECT_ROOT } from '../../lib/constructs/api-function.js';

const shimPath = ESBUILD_ALIASES.zod ?? '';
const load = async (): Promise<typeof zod> => (await import(pathToFileURL(shimPath).href)) as typeof zod;

/**
 * Left out of the bundles' zod: a namespace used as a value (`z.string()`) keeps every export, used or not.
 * Nothing under lambdas/ may use them (checked below), or a bundle would fail where tests pass.
 */
const LEFT_OUT = ['fromJSONSchema'];

async function lambdaSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('the English-only zod entry bundles use', () => {
  it('leaves out only what no Lambda source uses', async () => {
    const files = await lambdaSources(path.join(PROJECT_ROOT, 'lambdas'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const name of LEFT_OUT) expect(text.includes(name), `${path.relative(PROJECT_ROOT, file)} uses ${name}`).toBe(false);
    }
  });

  it('lives in the project and is what `zod` is aliased to', () => {
    expect(path.relative(PROJECT_ROOT, shimPath)).toBe(path.join('lib', 'bundling', 'zod-english.js'));
  });

  it('exports every name zod exports but those left out, on the module, on z and on z.core', async () => {
    const shim = await load();
    const kept = (names: string[]) => names.filter((n) => !LEFT_OUT.includes(n)).sort();
    expect(Object.keys(shim).sort()).toEqual(kept(Object.keys(zod)));
    expect(Object.keys(shim.z).sort()).toEqual(kept(Object.keys(zod.z)));
    for (const name of LEFT_OUT) expect(Object.keys(zod.z), `zod still exports ${name}`).toContain(name);
    expect(Object.keys(shim.z.core).sort()).toEqual(Object.keys(zod.z.core).sort());
    // The same classes, not copies: schemas built with either are the same kind of object.
    expect(shim.z.ZodString).toBe(zod.z.ZodString);
  });

  it('keeps only English among the locales', async () => {
    const shim = await load();
    expect(Object.keys(shim.z.locales)).toEqual(['en']);
    expect(Object.keys(shim.z.core.locales)).toEqual(['en']);
    expect(shim.z.locales.en).toBe(zod.z.locales.en);
  });

  it('reports the same English messages as zod', async () => {
    const { z } = await load();
    const schema = (k: typeof zod.z) =>
      k.object({
        name: k.string().min(3),
        email: k.email(),
        count: k.number().int().max(10),
        kind: k.enum(['a', 'b']),
        when: k.iso.datetime(),
        tags: k.array(k.string()).max(1),
      });
    const bad = { name: 'x', email: 'nope', count: 11.5, kind: 'c', when: 'yesterday', tags: ['a', 'b'], extra: 1 };
    const messages = (k: typeof zod.z) => schema(k).strict().safeParse(bad).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages(z)).toEqual(messages(zod.z));
    expect(messages(z)).toContain('name: Too small: expected string to have >=3 characters');
  });
});
