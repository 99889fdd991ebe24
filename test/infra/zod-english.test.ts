/**
 * Bundles resolve `zod` to lib/bundling/zod-english.js (api-function.ts). It
 * must offer what zod offers, and say the same things in the same words.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zod from 'zod';
import { describe, expect, it } from 'vitest';
import { ESBUILD_ALIASES, PROJECT_ROOT } from '../../lib/constructs/api-function.js';

const shimPath = ESBUILD_ALIASES.zod ?? '';
const load = async (): Promise<typeof zod> => (await import(pathToFileURL(shimPath).href)) as typeof zod;

describe('the English-only zod entry bundles use', () => {
  it('lives in the project and is what `zod` is aliased to', () => {
    expect(path.relative(PROJECT_ROOT, shimPath)).toBe(path.join('lib', 'bundling', 'zod-english.js'));
  });

  it('exports every name zod exports, on the module, on z and on z.core', async () => {
    const shim = await load();
    expect(Object.keys(shim).sort()).toEqual(Object.keys(zod).sort());
    expect(Object.keys(shim.z).sort()).toEqual(Object.keys(zod.z).sort());
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
