/**
 * zod/mini loads no locale: without platform/http/zod-messages.ts every field
 * error would read "Invalid input". This file imports zod/mini only (classic
 * zod would register English for the whole process and hide a missing import).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { validateInput } from '../../lambdas/platform/http/validation.js';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import { ValidationError } from '../../lambdas/platform/errors.js';

const route: RouteDefinition = {
  method: 'POST',
  path: '/v1/probe',
  auth: 'none',
  operationId: 'probe',
  summary: 'probe',
  request: { body: z.object({ name: z.string().check(z.maxLength(3)), count: z.int(), kind: z.enum(['a', 'b']) }) },
  responses: { 204: { description: 'Nothing' } },
};

function errorsFor(body: unknown) {
  try {
    validateInput(route, { params: {}, query: {}, body });
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('field errors from zod/mini schemas', () => {
  it('are worded in English, each at its path', () => {
    expect(errorsFor({ name: 'abcd', count: 1.5, kind: 'c', extra: 1 })).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: 'Too big: expected string to have <=3 characters' },
        { path: 'body.count', message: 'Invalid input: expected int, received number' },
        { path: 'body.kind', message: 'Invalid option: expected one of "a"|"b"' },
        { path: 'body.extra', message: 'Unknown field' },
      ]),
    );
  });

  it('say a missing field is required, with its type', () => {
    expect(errorsFor({ name: 'ab', kind: 'a' })).toEqual([{ path: 'body.count', message: 'is required (number)' }]);
  });
});
