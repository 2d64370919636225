/**
 * One Envoy Gateway IR HTTP route (an `ir.HTTPRoute`): one match of one rule of one route on one
 * listener and one hostname, and the order Envoy Gateway sorts them in
 * (`XdsIRRoutes.Less`, internal/gatewayapi/sort.go).
 */
import type { RouteOrderStep } from '../request-types.js';
import type { PathModifier } from './path-rewrite.js';
import type { StringMatch } from './string-match.js';

/** A RequestRedirect filter, as far as it decides the answer. */
export interface IrRedirect {
  readonly scheme: string | null;
  readonly hostname: string | null;
  /** The port Envoy Gateway fills in when the filter has none (route.go:1909-1928), else the filter's. */
  readonly port: number | null;
  readonly path: PathModifier | null;
  readonly statusCode: number;
}

/** A URLRewrite filter: what Envoy changes before forwarding. */
export interface IrUrlRewrite {
  /** `hostname`: the Host the backends receive. */
  readonly hostname: string | null;
  readonly path: PathModifier | null;
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
  /** The rule's URLRewrite filter (a forwarding rule only; a redirect answers before it). */
  readonly urlRewrite: IrUrlRewrite | null;
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
export type OrderStep = RouteOrderStep;

const utf8 = new TextEncoder();

/** Go's `len` of a string: its UTF-8 bytes (a regex path may hold any character). */
function goLen(s: string): number {
  return utf8.encode(s).length;
}

/** Go's `pathMatchCount`: the path's length in bytes, 0 for no path match and for prefix `/`. */
function pathMatchCount(m: StringMatch | null): number {
  if (m === null) return 0;
  if (m.exact !== undefined) return goLen(m.exact);
  if (m.safeRegex !== undefined) return goLen(m.safeRegex);
  if (m.prefix !== undefined) return m.prefix === '/' ? 0 : goLen(m.prefix);
  return 0;
}

function exactCount(list: readonly StringMatch[]): number {
  let n = 0;
  for (const m of list) if (m.exact !== undefined) n++;
  return n;
}

/** Path kinds as step 1 of `Less` tests them. */
const NO_PATH = 0;
const EXACT = 1;
const REGEX = 2;
const PREFIX = 3;

/**
 * The numbers `XdsIRRoutes.Less` compares, computed once per route: the path kind, then the
 * counts of steps 2-4 in order (path length, headers, exact headers, cookies, exact cookies,
 * query parameters, exact query parameters).
 */
export type OrderKeys = readonly [number, number, number, number, number, number, number, number];

/** The sort keys of a route. */
export function orderKeys(r: IrRoute): OrderKeys {
  const p = r.pathMatch;
  const kind =
    p === null
      ? NO_PATH
      : p.exact !== undefined
        ? EXACT
        : p.safeRegex !== undefined
          ? REGEX
          : p.prefix !== undefined
            ? PREFIX
            : NO_PATH;
  return [
    kind,
    pathMatchCount(p),
    r.headerMatches.length,
    exactCount(r.headerMatches),
    r.cookieMatches.length,
    exactCount(r.cookieMatches),
    r.queryParamMatches.length,
    exactCount(r.queryParamMatches),
  ];
}

const STEPS: readonly OrderStep[] = [
  'pathLength',
  'headerMatchCount',
  'exactHeaderMatchCount',
  'cookieMatchCount',
  'exactCookieMatchCount',
  'queryParamMatchCount',
  'exactQueryParamMatchCount',
];

/**
 * Go's `XdsIRRoutes.Less(i, j)` on sort keys: the index of the step that decided (0 for the path
 * match type, 1-7 for the counts in `STEPS` order) with its sign, or 0 for a tie. Positive: less;
 * negative: not less. Step 1 returns only in the combinations Envoy Gateway's code tests (an
 * Exact path is never less than a RegularExpression or PathPrefix one, a RegularExpression one is
 * less than an Exact one and not less than a PathPrefix one, a PathPrefix one is less than both);
 * any other pair falls through to the counts.
 */
export function lessByKeys(x: OrderKeys, y: OrderKeys): number {
  const a = x[0];
  const b = y[0];
  if (a !== NO_PATH && b !== NO_PATH) {
    if (a === EXACT && (b === REGEX || b === PREFIX)) return -1;
    if (a === REGEX) {
      if (b === EXACT) return 1;
      if (b === PREFIX) return -1;
    }
    if (a === PREFIX && (b === EXACT || b === REGEX)) return 1;
  }
  for (let i = 1; i <= 7; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u < v) return i + 1;
    if (u > v) return -(i + 1);
  }
  return 0;
}

/** Go's `XdsIRRoutes.Less(i, j)` with the step that decided it (null when no step did: a tie). */
export function irLess(x: IrRoute, y: IrRoute): { readonly less: boolean; readonly step: OrderStep | null } {
  const r = lessByKeys(orderKeys(x), orderKeys(y));
  if (r === 0) return { less: false, step: null };
  const i = Math.abs(r);
  return { less: r > 0, step: i === 1 ? 'pathMatchType' : STEPS[i - 2]! };
}

/**
 * The step that puts `winner` before `loser` in Envoy Gateway's descending order: the first step
 * of `Less(loser, winner)` that decides, or `processingOrder` when none does (the stable sort
 * keeps processing order).
 */
export function orderStepBetween(winner: IrRoute, loser: IrRoute): OrderStep {
  return irLess(loser, winner).step ?? 'processingOrder';
}
