import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSchemaNames, loadSchemaFiles } from '../../lambdas/workers/migrator/index.js';

describe('schema file order', () => {
  it('orders by numeric prefix, so 100_ runs after 99_ and the applied two-digit files keep their order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'schema-order-'));
    for (const name of ['100_later.sql', '99_b.sql', '99_a.sql', '70_mkt.sql', '00_first.sql', '101_last.sql']) {
      await writeFile(path.join(dir, name), 'SELECT 1;');
    }
    expect((await loadSchemaFiles(dir)).map((f) => f.name)).toEqual([
      '00_first.sql', '70_mkt.sql', '99_a.sql', '99_b.sql', '100_later.sql', '101_last.sql',
    ]);
  });

  it('keeps the repository order of the files already in schema/', async () => {
    const names = (await loadSchemaFiles(path.resolve('schema'))).map((f) => f.name);
    expect(names).toEqual([...names].sort(compareSchemaNames));
    // The two-digit files (applied before numeric order) keep their lexical order among themselves.
    const twoDigit = names.filter((n) => /^\d{2}_/.test(n));
    expect(twoDigit).toEqual([...twoDigit].sort());
  });

  it('refuses a file without a numeric prefix', () => {
    expect(() => compareSchemaNames('notes.sql', '70_a.sql')).toThrow(/must start with a number/);
  });
});
