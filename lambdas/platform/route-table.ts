/**
 * The one validator of an application's route table, and the API Gateway
 * routes derived from it. It takes the domains as an argument: the platform
 * knows nothing of which domains an application has.
 */
import type { DomainApi } from './http/domain.js';
import type { ApiRoute, RouteAuth } from './http/route.js';
import { routeKeyOf } from './http/route.js';

/** A route of the application with the domain (function) that serves it. */
export type AppRoute = ApiRoute & { readonly domain: string };

/** One API Gateway route: a domain's mount (greedy, JWT) or a public route of its own (exact). */
export interface GatewayRoute {
  readonly method: 'ANY' | ApiRoute['method'];
  readonly path: string;
  readonly domain: string;
  readonly auth: RouteAuth;
  readonly publicBecause?: string;
  /** The concrete path is a credential: logs show the template. */
  readonly secretPath?: boolean;
}

const PATH = /^\/v1(\/[a-z0-9-]+|\/\{[A-Za-z_][A-Za-z0-9_]*\+?\})*$/;
const NAME = /^[a-z][a-z0-9-]*$/;

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** `/v1/content/{id}` is under the mount `/v1/content` (a `{param}` in a mount matches any segment). */
export function isUnder(path: string, mount: string): boolean {
  const p = segments(path);
  const m = segments(mount);
  if (p.length < m.length) return false;
  return m.every((segment, i) => segment === p[i] || (/^\{.+\}$/.test(segment) && /^\{.+\}$/.test(p[i] ?? '')));
}

function checkRoute(domain: DomainApi, route: ApiRoute, errors: string[]): void {
  const key = `${routeKeyOf(route)} (${domain.name})`;
  if (!PATH.test(route.path)) errors.push(`${key} is not a /v1 path of kebab-case segments and {params}`);
  const placeholders = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] ?? '').sort();
  const declared = Object.keys(route.request?.params?._zod.def.shape ?? {}).sort();
  if (placeholders.join(',') !== declared.join(',')) {
    errors.push(`${key} path parameters {${placeholders.join(', ')}} differ from request.params (${declared.join(', ')})`);
  }
  if (route.clientPath !== undefined && !(route.clientPath.startsWith(route.path) && /^\.[a-z0-9]+$/.test(route.clientPath.slice(route.path.length)) && route.path.endsWith('}'))) {
    errors.push(`${key} clientPath ${route.clientPath} is not its path with a file suffix on the last parameter`);
  }
  if (route.auth !== 'jwt' && route.role) errors.push(`${key} has a role but auth ${route.auth}`);
  if (route.auth !== 'jwt' && !route.publicBecause) errors.push(`${key} is public without publicBecause`);
  if (typeof route.handler !== 'function') errors.push(`${key} has no implementation`);
  if (!domain.mounts.some((mount) => isUnder(route.path, mount))) {
    errors.push(`${key} is under none of the domain's mounts (${domain.mounts.join(', ')})`);
  }
}

/**
 * The table's invariants, checked when it loads so a bad entry fails every
 * consumer (tests, synth, npm start) at once: unique route keys and operation
 * ids, path parameters equal to the declared schema, every route under its
 * domain's mounts, no mount shared by two domains.
 */
export function checkRouteTable(domains: readonly DomainApi[]): AppRoute[] {
  const errors: string[] = [];
  const keys = new Map<string, string>();
  const operations = new Set<string>();
  const names = new Set<string>();
  const mounts: { mount: string; domain: string }[] = [];
  for (const domain of domains) {
    if (!NAME.test(domain.name)) errors.push(`Domain name ${domain.name} is not lower-case kebab`);
    if (names.has(domain.name)) errors.push(`Domain ${domain.name} is declared twice`);
    names.add(domain.name);
    for (const mount of domain.mounts) {
      if (!PATH.test(mount) || /\+\}/.test(mount)) errors.push(`Domain ${domain.name}: mount ${mount} is not a /v1 path`);
      const clash = mounts.find((m) => isUnder(mount, m.mount) || isUnder(m.mount, mount));
      if (clash) errors.push(`Mount ${mount} of ${domain.name} overlaps ${clash.mount} of ${clash.domain}`);
      mounts.push({ mount, domain: domain.name });
    }
    for (const route of domain.routes) {
      const key = routeKeyOf(route);
      if (keys.has(key)) errors.push(`${key} is defined twice (${keys.get(key)} and ${domain.name})`);
      keys.set(key, domain.name);
      if (operations.has(route.operationId)) errors.push(`operationId ${route.operationId} is used twice`);
      operations.add(route.operationId);
      checkRoute(domain, route, errors);
    }
  }
  if (errors.length > 0) throw new Error(`Route table:\n- ${errors.join('\n- ')}`);
  return domains.flatMap((domain) => domain.routes.map((route): AppRoute => ({ ...route, domain: domain.name })));
}

/**
 * API Gateway's routes for the domains: `ANY <mount>` and `ANY <mount>/{proxy+}`
 * behind the JWT authorizer for every mount with JWT routes, and an exact route
 * without authorizer for each public route (API Gateway prefers the exact
 * route). The count grows with mounts, not with routes.
 */
export function gatewayRoutes(domains: readonly DomainApi[]): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  for (const domain of domains) {
    for (const mount of domain.mounts) {
      if (!domain.routes.some((r) => r.auth === 'jwt' && isUnder(r.path, mount))) continue;
      out.push({ method: 'ANY', path: mount, domain: domain.name, auth: 'jwt' });
      out.push({ method: 'ANY', path: `${mount}/{proxy+}`, domain: domain.name, auth: 'jwt' });
    }
    for (const route of domain.routes.filter((r) => r.auth !== 'jwt')) {
      out.push({
        method: route.method,
        path: route.path,
        domain: domain.name,
        auth: route.auth,
        ...(route.publicBecause ? { publicBecause: route.publicBecause } : {}),
        ...(route.secretPath ? { secretPath: true } : {}),
      });
    }
  }
  return out;
}
