import { describe, expect, it } from 'vitest';
import { toPositional } from '../../local/named-params.js';

describe('toPositional', () => {
  it('numbers named parameters and reuses a number for a repeated name', () => {
    expect(toPositional('SELECT * FROM t WHERE a = :a AND b = :b OR a2 = :a')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2 OR a2 = $1',
      names: ['a', 'b'],
    });
  });

  it('leaves casts, strings, identifiers, comments and dollar quotes alone', () => {
    const sql = `SELECT :x::int, ':no', "col:no", $$ :no $$, $t$ :no $t$ -- :no
/* :no */ FROM t WHERE c = CAST(:y AS text[])`;
    const { text, names } = toPositional(sql);
    expect(names).toEqual(['x', 'y']);
    expect(text).toContain('$1::int');
    expect(text).toContain("':no'");
    expect(text).toContain('"col:no"');
    expect(text).toContain('$$ :no $$');
    expect(text).toContain('CAST($2 AS text[])');
  });

  it('handles doubled quotes inside strings', () => {
    expect(toPositional("SELECT 'it''s :not', :yes").names).toEqual(['yes']);
  });

  // drizzle-orm's aws-data-api/pg driver names parameters :1, :2 and kysely-data-api :0, :1
  // (drizzle-orm issues #6147 and #2372: the Data API binds `:1`-style names).
  it('accepts numeric names, as the Data API does, but not array slice bounds', () => {
    expect(toPositional('SELECT :0 AS a, :1 AS b, :0 AS c')).toEqual({ text: 'SELECT $1 AS a, $2 AS b, $1 AS c', names: ['0', '1'] });
    expect(toPositional('SELECT (ARRAY[1,2,3])[2:3], x[lo:2] FROM t WHERE id = :12')).toEqual({
      text: 'SELECT (ARRAY[1,2,3])[2:3], x[lo:2] FROM t WHERE id = $1',
      names: ['12'],
    });
  });
});
