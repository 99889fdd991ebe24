/** Lone UTF-16 surrogates: found in strings and keys at their paths; well-formed pairs (emoji) are not; paths naming one are written readably. */
import { describe, expect, it } from 'vitest';
import { escapeUnstorable, illFormedStrings, isWellFormed } from '../../lambdas/platform/well-formed.js';

describe('isWellFormed', () => {
  it('refuses a lone high or low surrogate anywhere, and a pair in the wrong order', () => {
    for (const text of ['\uD800', '\uDFFF', 'a\uDC00b', 'end\uDBFF', '\uDE00\uD83D', '😀\uD83D']) expect(isWellFormed(text), JSON.stringify(text)).toBe(false);
  });

  it('takes pairs (astral characters), BMP text, and the escape written as text', () => {
    for (const text of ['', 'plain', '\uD83D\uDE00', '😀 👩‍👩‍👧 🏖️ 東京 açaí', '\uDBFF\uDFFF', '\\ud800', '\uFFFD']) expect(isWellFormed(text), JSON.stringify(text)).toBe(true);
  });
});

describe('illFormedStrings', () => {
  it('names each ill-formed value and key, nested in objects and arrays, in document order', () => {
    const value = { a: 'ok', b: ['x', 'y\uD800'], c: { d: { e: '\uDC00' }, ['k\uDBFF']: 'v\uDFFF' }, f: [{ g: 1, h: null, i: true }], j: '😀' };
    expect(illFormedStrings(value)).toEqual([
      { path: ['b', 1], key: false },
      { path: ['c', 'd', 'e'], key: false },
      { path: ['c', 'k\uDBFF'], key: true },
      { path: ['c', 'k\uDBFF'], key: false },
    ]);
  });

  it('finds nothing in well-formed values of any shape', () => {
    expect(illFormedStrings({ a: ['\uD83D\uDE00', { b: 'y', c: [1, true, null] }], d: '\\ud800 as text', ['😀']: {} })).toEqual([]);
    expect(illFormedStrings('plain')).toEqual([]);
    expect(illFormedStrings(null)).toEqual([]);
    expect(illFormedStrings('\uD800')).toEqual([{ path: [], key: false }]);
  });
});

describe('escapeUnstorable', () => {
  it('writes each lone surrogate as \\uXXXX and leaves pairs and other text alone', () => {
    expect(escapeUnstorable('k\uD800x\uDC00')).toBe('k\\uD800x\\uDC00');
    expect(escapeUnstorable('n\u0000')).toBe('n\\u0000');
    expect(escapeUnstorable('😀 note')).toBe('😀 note');
    expect(isWellFormed(escapeUnstorable('\uDBFF'))).toBe(true);
  });
});
