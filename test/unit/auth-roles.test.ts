import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../lambdas/platform/auth/principal.js';
import { highestRole, parseGroups, roleSatisfies } from '../../lambdas/platform/auth/roles.js';

describe('parseGroups', () => {
  it('reads API Gateway flattened array claims', () => {
    expect(parseGroups('[admin marketer]')).toEqual(['admin', 'marketer']);
    expect(parseGroups('[viewer]')).toEqual(['viewer']);
    expect(parseGroups('[]')).toEqual([]);
  });

  it('reads real arrays, comma lists and quoted items', () => {
    expect(parseGroups(['marketer', 'viewer'])).toEqual(['marketer', 'viewer']);
    expect(parseGroups('admin,viewer')).toEqual(['admin', 'viewer']);
    expect(parseGroups('["marketer", "viewer"]')).toEqual(['marketer', 'viewer']);
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

  it('is null without claims and role-less without groups', () => {
    expect(principalFromClaims(undefined)).toBeNull();
    expect(principalFromClaims({ sub: '' })).toEqual({ sub: null, roles: [], role: null });
  });
});
