/**
 * One Envoy Gateway IR HTTP route (an `ir.HTTPRoute`): one match of one rule of one route on one
 * listener and one hostname, and the order Envoy Gateway sorts them in
 * (`XdsIRRoutes.Less`, internal/gatewayapi/sort.go).
 */
import type { StringMatch } from './string-match.js';

/** A RequestRedirect filter, as far as it decides the answer. */
export interface IrRedirect {
  readonly scheme: string | null;
  readonly hostname: string | null;
  /** The port Envoy Gateway fills in when the filter has none (route.go:1909-1928), else the filter's. */
  readonly port: number | null;
  readonly path: { readonly type: string; readonly value: string } | null;
  readonly statusCode: number;
}

/** What the rule answers instead of forwarding, when it does. */
export type IrAction =
  | { readonly type: 'forward' }
  | { readonly type: 'redirect'; readonly redirect: IrRedirect }
  | { readonly type: 'directResponse'; readonly status: number; readonly reason: string };

/** One IR route. Plain data. */
export interface IrRoute {
  /** Envoy Gateway's IR route name, e.g. `httproute/shop/web/rule/0/match/1/www_example_com`. */
  readonly name: string;
  /** `Kind/ns/name` of the route. */
  readonly route: string;
  readonly routeKind: 'HTTPRoute' | 'GRPCRoute';
  readonly ruleIndex: number;
  /** `rules[].name`, or null. */
  readonly ruleName: string | null;
  /** Index into the rule's match combinations; null when the rule has no matches (IR `match/-1`). */
  readonly matchIndex: number | null;
  /** The hostname of the IR route (its virtual host's domain). */
  readonly hostname: string;
  readonly pathMatch: StringMatch | null;
  readonly headerMatches: readonly StringMatch[];
  readonly queryParamMatches: readonly StringMatch[];
  readonly cookieMatches: readonly StringMatch[];
  /** The implicit CORS preflight route Envoy Gateway adds after a method match (route.go:1314-1356). */
  readonly corsPreflight: boolean;
  readonly action: IrAction;
  /** The rule's CORS filter (`filters[].cors`), which wins over a SecurityPolicy's `cors`. */
  readonly corsFilter: Readonly<Record<string, unknown>> | null;
  /** The rule's own request timeout (HTTPRoute `timeouts`), which wins over a BackendTrafficPolicy's. */
  readonly timeout: { readonly value: string; readonly source: string } | null;
  /** Listener key (IR listener name) the route is programmed on. */
  readonly listener: string;
  /** Position in the listener's route list before sorting (processing order). */
  readonly processingIndex: number;
}

/** The comparison steps of `XdsIRRoutes.Less`, in order, and the tie that keeps processing order. */
export type OrderStep =
  | 'pathMatchType'
  | 'pathLength'
  | 'headerMatchCount'
  | 'exactHeaderMatchCount'
  | 'cookieMatchCount'
  | 'exactCookieMatchCount'
  | 'queryParamMatchCount'
  | 'exactQueryParamMatchCount'
  | 'processingOrder';

/** Go's `pathMatchCount`: the path's length, 0 for no path match and for prefix `/`. */
function pathMatchCount(m: StringMatch | null): number {
  if (m === null) return 0;
  if (m.exact !== undefined) return m.exact.length;
  if (m.safeRegex !== undefined) return m.safeRegex.length;
  if (m.prefix !== undefined) return m.prefix === '/' ? 0 : m.prefix.length;
  return 0;
}

function exactCount(list: readonly StringMatch[]): number {
  let n = 0;
  for (const m of list) if (m.exact !== undefined) n++;
  return n;
}

/**
 * Go's `XdsIRRoutes.Less(i, j)` with the step that decided it (null when no step did: a tie).
 * Step 1 returns only in the combinations Envoy Gateway's code tests; the others fall through.
 */
export function irLess(x: IrRoute, y: IrRoute): { readonly less: boolean; readonly step: OrderStep | null } {
  const px = x.pathMatch;
  const py = y.pathMatch;
  // 1. path match type: Exact > RegularExpression > PathPrefix (Go tests pointers, in this order).
  if (px !== null && py !== null) {
    if (px.exact !== undefined && (py.safeRegex !== undefined || py.prefix !== undefined))
      return { less: false, step: 'pathMatchType' };
    if (px.safeRegex !== undefined) {
      if (py.exact !== undefined) return { less: true, step: 'pathMatchType' };
      if (py.prefix !== undefined) return { less: false, step: 'pathMatchType' };
    }
    if (px.prefix !== undefined && (py.exact !== undefined || py.safeRegex !== undefined))
      return { less: true, step: 'pathMatchType' };
  }
  const steps: readonly [OrderStep, number, number][] = [
    ['pathLength', pathMatchCount(px), pathMatchCount(py)],
    ['headerMatchCount', x.headerMatches.length, y.headerMatches.length],
    ['exactHeaderMatchCount', exactCount(x.headerMatches), exactCount(y.headerMatches)],
    ['cookieMatchCount', x.cookieMatches.length, y.cookieMatches.length],
    ['exactCookieMatchCount', exactCount(x.cookieMatches), exactCount(y.cookieMatches)],
    ['queryParamMatchCount', x.queryParamMatches.length, y.queryParamMatches.length],
  ];
  for (const [step, a, b] of steps) {
    if (a < b) return { less: true, step };
    if (a > b) return { less: false, step };
  }
  const qa = exactCount(x.queryParamMatches);
  const qb = exactCount(y.queryParamMatches);
  if (qa !== qb) return { less: qa < qb, step: 'exactQueryParamMatchCount' };
  return { less: false, step: null };
}

/**
 * The step that puts `winner` before `loser` in Envoy Gateway's descending order: the first step
 * of `Less(loser, winner)` that decides, or `processingOrder` when none does (the stable sort
 * keeps processing order).
 */
export function orderStepBetween(winner: IrRoute, loser: IrRoute): OrderStep {
  return irLess(loser, winner).step ?? 'processingOrder';
}
