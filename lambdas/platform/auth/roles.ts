/**
 * Cognito groups as roles. Viewers read, marketers write, admins delete and
 * manage accounts; each role includes the ones below it.
 */
export const ROLES = ['viewer', 'marketer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

const RANK: Readonly<Record<Role, number>> = { viewer: 1, marketer: 2, admin: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The groups claim. A real array (the token's own claim) is exact. API
 * Gateway's JWT authorizer flattens arrays to a string, `[admin marketer]`,
 * which cannot tell a group named `viewer admin` (or `x,admin`) from two
 * groups: so a flattened claim is read only when no item could hide a
 * separator (no comma, quote or doubled space), and otherwise grants nothing.
 * The handler prefers the exact array from the verified token (principal.ts).
 * Unknown groups are kept out: they grant nothing.
 */
export function parseGroups(claim: unknown): Role[] {
  let items: string[];
  if (Array.isArray(claim)) {
    items = claim.map(String);
  } else if (typeof claim === 'string') {
    const match = /^\[([^\],"]*)\]$/.exec(claim);
    if (!match || /\s{2}|^\s|\s$/.test(match[1] ?? '')) return [];
    items = (match[1] ?? '').split(' ');
  } else {
    return [];
  }
  return [...new Set(items.filter(isRole))];
}

/** The strongest of the caller's roles, or null when they have none. */
export function highestRole(roles: readonly Role[]): Role | null {
  let best: Role | null = null;
  for (const role of roles) if (best === null || RANK[role] > RANK[best]) best = role;
  return best;
}

/** True when `held` is at least `required` in the hierarchy. */
export function roleSatisfies(held: Role | null, required: Role): boolean {
  return held !== null && RANK[held] >= RANK[required];
}
