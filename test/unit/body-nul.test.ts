/** pathsWithNul: every string and key holding U+0000 is found at its path, and a body without one yields none. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pathsWithNul, readBody } from '../../lambdas/platform/http/body.js';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import { httpEvent } from './http-fixtures.js';

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

  it('answers the same for bodies read from JSON text, where the text is scanned instead of the values walked', () => {
    const route = { method: 'POST', path: '/x', request: { body: z.unknown() } } as unknown as RouteDefinition;
    const read = (text: string | Buffer) => readBody(httpEvent('POST', '/x', { body: text, headers: { 'content-type': 'application/json' } }), route).body;
    expect(pathsWithNul(read('{"a":["x","y\\u0000"],"b":{"c":"\\u0000"}}'), 'body')).toEqual(['body.a[1]', 'body.b.c']);
    expect(pathsWithNul(read('{"k\\u0000":1}'), 'body')).toEqual(['body']);
    expect(pathsWithNul(read(Buffer.from('{"a":"\\u0000"}')), 'body')).toEqual(['body.a']);
    // An escaped backslash before "u0000" is text, not NUL: the walk decides.
    expect(pathsWithNul(read('{"a":"\\\\u0000 is text"}'), 'body')).toEqual([]);
    expect(pathsWithNul(read('{"a":"plain","b":[{"c":"d"}]}'), 'body')).toEqual([]);
  });
});
