import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../lambdas/platform/auth/principal.js';
import { highestRole, parseGroups, roleSatisfies } from '../../lambdas/platform/auth/roles.js';

describe('parseGroups', () => {
  it('reads API Gateway flattened array claims', () => {
    expect(parseGroups('[admin marketer]')).toEqual(['admin', 'marketer']);
    expect(parseGroups('[viewer]')).toEqual(['viewer']);
    expect(parseGroups('[]')).toEqual([]);
  });

  it('reads real arrays exactly: a group named "x,admin" or "viewer admin" is no role', () => {
    expect(parseGroups(['marketer', 'viewer'])).toEqual(['marketer', 'viewer']);
    expect(parseGroups(['x,admin'])).toEqual([]);
    expect(parseGroups(['viewer admin'])).toEqual([]);
  });

  it('grants nothing from a flattened claim that could hide a separator', () => {
    // ["x,admin"] and ["viewer admin"] flattened: either could be two groups, so neither is read.
    expect(parseGroups('[x,admin]')).toEqual([]);
    expect(parseGroups('[viewer  admin]')).toEqual([]);
    expect(parseGroups('admin,viewer')).toEqual([]);
    expect(parseGroups('["marketer", "viewer"]')).toEqual([]);
  });

  it('drops unknown groups and duplicates, and nothing else is a group', () => {
    expect(parseGroups('[partners admin admin Admin]')).toEqual(['admin']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups(42)).toEqual([]);
    expect(parseGroups({ admin: true })).toEqual([]);
  });
});

describe('hierarchy', () => {
  it('viewer < marketer < admin', () => {
    expect(highestRole(['viewer', 'admin', 'marketer'])).toBe('admin');
    expect(highestRole(['viewer', 'marketer'])).toBe('marketer');
    expect(highestRole([])).toBeNull();
    expect(roleSatisfies('admin', 'marketer')).toBe(true);
    expect(roleSatisfies('marketer', 'marketer')).toBe(true);
    expect(roleSatisfies('viewer', 'marketer')).toBe(false);
    expect(roleSatisfies('marketer', 'admin')).toBe(false);
    expect(roleSatisfies(null, 'viewer')).toBe(false);
  });
});

describe('principalFromClaims', () => {
  it('takes sub and the strongest group', () => {
    expect(principalFromClaims({ sub: 'abc', 'cognito:groups': '[viewer marketer]' })).toEqual({
      sub: 'abc',
      roles: ['viewer', 'marketer'],
      role: 'marketer',
    });
  });

  it('prefers the verified token\'s own array when the bearer token is the one the claims came from', () => {
    const token = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;
    const claims = { sub: 'abc', iat: '1700000000', jti: 'j1', 'cognito:groups': '[viewer admin]' };
    const own = token({ sub: 'abc', iat: 1700000000, jti: 'j1', 'cognito:groups': ['viewer admin'] });
    expect(principalFromClaims(claims, `Bearer ${own}`)?.role).toBeNull();
    const two = token({ sub: 'abc', iat: 1700000000, jti: 'j1', 'cognito:groups': ['viewer', 'admin'] });
    expect(principalFromClaims(claims, `Bearer ${two}`)?.role).toBe('admin');
    // Another token than the one API Gateway verified: its groups are not used.
    const other = token({ sub: 'abc', iat: 1700000001, jti: 'j2', 'cognito:groups': ['admin'] });
    expect(principalFromClaims({ ...claims, 'cognito:groups': '[viewer]' }, `Bearer ${other}`)?.role).toBe('viewer');
  });

  it('is null without claims and role-less without groups', () => {
    expect(principalFromClaims(undefined)).toBeNull();
    expect(principalFromClaims({ sub: '' })).toEqual({ sub: null, roles: [], role: null });
  });
});
