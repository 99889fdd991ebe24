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
});
