/**
 * Matches a method and path to routes the way API Gateway HTTP API does:
 * literal segments, `{name}` for one segment, `{name+}` greedy at the end,
 * `ANY` for every method; the most specific route (more literal segments,
 * then a named method over ANY) wins. The local gateway uses it to pick a
 * domain's function, and each domain handler to pick its operation.
 */

export interface RoutePattern {
  readonly method: string;
  readonly path: string;
}

export type RouteMatch<R extends RoutePattern> =
  | { kind: 'match'; route: R; pathParameters: Record<string, string> }
  /** The path matched routes, none with this method (HTTP 405); `allow` lists theirs. */
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'none' };

interface Compiled<R extends RoutePattern> {
  route: R;
  pattern: RegExp;
  names: string[];
  literals: number;
  greedy: boolean;
}

function compile<R extends RoutePattern>(route: R): Compiled<R> {
  const names: string[] = [];
  let literals = 0;
  let greedy = false;
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([^}+]+)(\+)?\}$/.exec(segment);
      if (!param) {
        if (segment !== '') literals++;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(param[1] ?? '');
      if (param[2]) greedy = true;
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, literals, greedy };
}

/** Path segments arrive percent-encoded locally and decoded from API Gateway; decoding is tolerant of both. */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function createRouter<R extends RoutePattern>(routes: readonly R[]): (method: string, pathname: string) => RouteMatch<R> {
  const compiled = routes
    .map((route) => compile(route))
    // More literal segments first; an exact path before a greedy one; a named method before ANY.
    .sort(
      (a, b) =>
        b.literals - a.literals ||
        Number(a.greedy) - Number(b.greedy) ||
        Number(a.route.method === 'ANY') - Number(b.route.method === 'ANY'),
    );
  return (method, pathname) => {
    const allow = new Set<string>();
    for (const candidate of compiled) {
      const match = candidate.pattern.exec(pathname);
      if (!match) continue;
      if (candidate.route.method !== method && candidate.route.method !== 'ANY') {
        allow.add(candidate.route.method);
        continue;
      }
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        pathParameters[name] = decode(match[index + 1] ?? '');
      });
      return { kind: 'match', route: candidate.route, pathParameters };
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'none' };
  };
}
