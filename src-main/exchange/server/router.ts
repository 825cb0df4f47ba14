import type { HttpMethod, Route } from './route-types.js';

/**
 * Matches a request path against the routes' patterns. A pattern segment `:name` captures one path segment;
 * everything else is literal, so `/v2/orders:by_client_order_id` (a colon inside a segment) is a literal path
 * and wins over `/v2/orders/:order_id` simply because it has a different number of segments.
 */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  /** Per segment: a literal string, or a parameter name marked by `param`. */
  segments: Array<{ literal: string } | { param: string }>;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: splitPath(route.path).map((s) => (s.startsWith(':') && s.length > 1 ? { param: s.slice(1) } : { literal: s })),
    }));
    // Literal segments must beat parameters (`/v2/orders/abc` vs `/v2/positions/:symbol`): try the routes with
    // more literal segments first, so registration order never decides a match.
    this.compiled.sort((a, b) => literalCount(b) - literalCount(a));
  }

  match(method: HttpMethod | string, path: string): RouteMatch {
    const parts = splitPath(path);
    const allowed: HttpMethod[] = [];
    for (const candidate of this.compiled) {
      const params = matchSegments(candidate.segments, parts);
      if (!params) continue;
      if (candidate.route.method === method) return { kind: 'found', route: candidate.route, params };
      if (!allowed.includes(candidate.route.method)) allowed.push(candidate.route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((s) => 'literal' in s).length;
}

function matchSegments(segments: CompiledRoute['segments'], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
      continue;
    }
    let value: string;
    try {
      value = decodeURIComponent(part);
    } catch {
      return undefined; // a malformed escape cannot name anything
    }
    params[segment.param] = value;
  }
  return params;
}
