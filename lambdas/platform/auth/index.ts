export { ROLES, isRole, parseGroups, highestRole, roleSatisfies } from './roles.js';
export type { Role } from './roles.js';
export { principalFromClaims, GROUPS_CLAIM } from './principal.js';
export type { Principal } from './principal.js';
