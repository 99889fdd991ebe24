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
 * The groups claim as API Gateway hands it over. Its JWT authorizer flattens
 * array claims to a string such as `[admin marketer]`; a token verified
 * elsewhere (tests, other authorizers) may still carry a real array or a
 * comma-separated string. Unknown groups are kept out: they grant nothing.
 */
export function parseGroups(claim: unknown): Role[] {
  let items: string[];
  if (Array.isArray(claim)) {
    items = claim.map(String);
  } else if (typeof claim === 'string') {
    const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
    items = inner.split(/[\s,]+/);
  } else {
    return [];
  }
  const roles = items.map((item) => item.trim().replace(/^"|"$/g, '')).filter(isRole);
  return [...new Set(roles)];
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
