import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../lambdas/platform/db/errors.js';
import { toHttpError } from '../../lambdas/platform/http/error-mapping.js';

describe('database data exceptions', () => {
  it('maps SQLSTATE class 22 (a value out of range or malformed) to 422', () => {
    const mapped = toHttpError(new DatabaseError('ERROR: date/time field value out of range', { sqlState: '22008' }));
    expect(mapped?.status).toBe(422);
  });
  it('keeps other database failures unexpected (a 500)', () => {
    expect(toHttpError(new DatabaseError('ERROR: could not serialize access', { sqlState: '40001' }))).toBeNull();
    expect(toHttpError(new DatabaseError('ERROR: something', {}))).toBeNull();
  });
});
