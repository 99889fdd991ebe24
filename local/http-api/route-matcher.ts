/**
 * Matches a request to the route table the way API Gateway HTTP API does:
 * literal segments, `{name}` for one segment, `{name+}` greedy at the end;
 * the most specific route (more literal segments) wins.
 */
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface Compiled {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
  literals: number;
}

function compile(route: RouteDefinition): Compiled {
  const names: string[] = [];
  let literals = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([^}+]+)(\+)?\}$/.exec(segment);
      if (!param) {
        if (segment !== '') literals++;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(param[1] ?? '');
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, literals };
}

export function createRouteMatcher(routes: readonly RouteDefinition[]) {
  const compiled = routes.map(compile).sort((a, b) => b.literals - a.literals);
  return (method: string, pathname: string): RouteMatch | null => {
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const match = candidate.pattern.exec(pathname);
      if (!match) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        const raw = match[index + 1] ?? '';
        try {
          pathParameters[name] = decodeURIComponent(raw);
        } catch {
          pathParameters[name] = raw;
        }
      });
      return { route: candidate.route, pathParameters };
    }
    return null;
  };
}
