/** pathsWithNul: every string and key holding U+0000 is found at its path, and a body without one yields none. */
import { describe, expect, it } from 'vitest';
import { pathsWithNul } from '../../lambdas/platform/http/body.js';

describe('pathsWithNul', () => {
  it('names each value and key holding NUL, nested in objects and arrays', () => {
    const body = { a: 'ok', b: ['x', 'y\u0000'], c: { d: { e: '\u0000' }, 'k\u0000': 'v' }, f: [{ g: 1, h: null, i: 'a\u0000' }] };
    expect(pathsWithNul(body, 'body')).toEqual(['body.b[1]', 'body.c.d.e', 'body.c', 'body.f[0].i']);
  });

  it('finds nothing in a body without NUL, of any shape', () => {
    expect(pathsWithNul({ a: ['x', { b: 'y', c: [1, true, null] }], d: '\\u0000 as text' }, 'body')).toEqual([]);
    expect(pathsWithNul('plain', 'body')).toEqual([]);
    expect(pathsWithNul('\u0000', 'body')).toEqual(['body']);
  });
});
