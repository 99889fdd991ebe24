import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../lambdas/workers/migrator/split-statements.js';

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies, strings with semicolons and comments intact', async () => {
    const sql = [
      '-- header comment; not a statement',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$',
      'BEGIN',
      '  RETURN 1; -- inner semicolon',
      'END;',
      '$body$;',
      '',
      "INSERT INTO t (a) VALUES ('x; y'), ($$z;$$);",
      '/* block; comment */ SELECT 1',
    ].join('\n');
    const statements = await splitStatements(sql);
    expect(statements.map((s) => s.line)).toEqual([2, 8, 9]);
    expect(statements[0]?.sql).toMatch(/^CREATE FUNCTION f\(\)/);
    expect(statements[0]?.sql).toContain('RETURN 1; -- inner semicolon');
    expect(statements[0]?.sql.endsWith('$body$')).toBe(true);
    expect(statements[1]?.sql).toBe("INSERT INTO t (a) VALUES ('x; y'), ($$z;$$)");
    expect(statements[2]?.sql).toBe('SELECT 1');
  });

  it('slices by UTF-8 byte offsets, so multi-byte text before a statement does not shift it', async () => {
    const statements = await splitStatements("SELECT 'ünïcödé — ✓';\nSELECT 2;");
    expect(statements.map((s) => s.sql)).toEqual(["SELECT 'ünïcödé — ✓'", 'SELECT 2']);
    expect(statements[1]?.line).toBe(2);
  });

  it('reports a syntax error with its line', async () => {
    await expect(splitStatements('SELECT 1;\n\nSELEC broken;')).rejects.toMatchObject({
      name: 'SqlSyntaxError',
      line: 3,
    });
  });

  it('returns nothing for a file of comments only', async () => {
    expect(await splitStatements('-- nothing here\n/* still nothing */\n')).toEqual([]);
  });

  it('skips nested block comments before a statement, as PostgreSQL nests them', async () => {
    const statements = await splitStatements('SELECT 1;\n/* a /* b */ c */\n/* d /* e /* f */ */ */ SELECT 2;');
    expect(statements).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 3 },
    ]);
  });
});
