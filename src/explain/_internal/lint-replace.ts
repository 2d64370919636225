/**
 * Lint: a route or rule policy without `mergeType` that replaces, on HTTP points, a Gateway,
 * listener or ListenerSet policy that sets fields the route policy does not (R6.1).
 */
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import type { Point, TargetDecision } from '../../precedence/resolution-types.js';
import { type Scope, scopeKey } from '../../precedence/scope.js';
import {
  describePoints,
  dotted,
  type Finding,
  isPlainObject,
  type LintIndex,
  lintFinding,
  TARGETING_FIELDS,
  targetPointers,
} from './lint-index.js';

/** Code of this finding. */
export const SILENT_REPLACE = 'GWP-LINT-SILENT-REPLACE';

const ROUTE_SCOPES = new Set(['Route', 'RouteRule']);
const MAX_FIELDS = 8;

/**
 * Finds silent whole-policy replacements: per (route policy, replaced policy) pair, the points
 * where it happens and the fields of the replaced policy that are lost.
 *
 * @param index - the shared indexes
 * @param maxPoints - point groups named in a message
 * @returns one finding per pair
 */
export function lintSilentReplace(index: LintIndex, maxPoints: number): Finding[] {
  interface Pair {
    readonly kind: PolicyKind;
    readonly route: Resource<Policy>;
    readonly replaced: Resource<Policy>;
    readonly replacedScope: string;
    readonly routeScope: TargetScopeInfo;
    readonly points: Point[];
  }
  const pairs = new Map<string, Pair>();
  for (const pt of index.resolution.points) {
    if (pt.family !== 'http') continue;
    for (const kind of ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'] as const) {
      const pp = pt.policies[kind];
      if (pp?.mode !== 'replace' || !ROUTE_SCOPES.has(pp.scopeKind)) continue;
      const ki = index.kinds.get(kind)!;
      const winnerId = pp.applied[0]!;
      const winner = ki.byId.get(winnerId);
      if (!winner) continue;
      const mergeType = winner.object.spec?.mergeType;
      if (mergeType !== undefined && mergeType !== null) continue;
      // The policy that would apply here without the route-level ones: the most specific
      // Gateway / listener / ListenerSet scope whose policy was applied there (R4.3).
      let replaced: TargetDecision | undefined;
      for (const key of index.covering.get(pt.key) ?? []) {
        const d = ki.heldAt.get(key);
        if (d && !ROUTE_SCOPES.has(d.scope.kind)) {
          replaced = d;
          break;
        }
      }
      if (!replaced || replaced.policy === winnerId) continue;
      const replacedPolicy = ki.byId.get(replaced.policy);
      if (!replacedPolicy) continue;
      const k = `${kind}|${winnerId}|${replaced.policy}`;
      let pair = pairs.get(k);
      if (!pair) {
        // The winner's own target that covers this point, for the location.
        const covering = new Set(index.covering.get(pt.key));
        const own = (ki.decisionsByPolicy.get(winnerId) ?? []).find(
          (d) => ROUTE_SCOPES.has(d.scope.kind) && covering.has(scopeKey(d.scope)),
        );
        pair = {
          kind,
          route: winner,
          replaced: replacedPolicy,
          replacedScope: replaced.scope.kind,
          routeScope: own
            ? { scope: own.scope, fromSelector: own.fromSelector }
            : { scope: null, fromSelector: false },
          points: [],
        };
        pairs.set(k, pair);
      }
      pair.points.push(pt);
    }
  }

  const out: Finding[] = [];
  for (const pair of pairs.values()) {
    const lost = lostFields(pair.replaced.object.spec, pair.route.object.spec);
    if (lost.length === 0) continue;
    const shown =
      lost.slice(0, MAX_FIELDS).join(', ') +
      (lost.length > MAX_FIELDS ? `, and ${lost.length - MAX_FIELDS} more` : '');
    const routeId = `${pair.route.namespace}/${pair.route.name}`;
    const replacedId = `${pair.replaced.namespace}/${pair.replaced.name}`;
    const pointer = pair.routeScope.scope
      ? targetPointers(pair.route, pair.routeScope.scope, pair.routeScope.fromSelector)[0]!
      : '/spec';
    out.push(
      lintFinding(
        SILENT_REPLACE,
        'warning',
        `${pair.kind} ${routeId} has no mergeType, so on HTTP routes it replaces ${scopeWord(pair.replacedScope)} policy ${replacedId} as a whole (R6.1) at ${describePoints(pair.points, maxPoints)}; ` +
          `the values ${replacedId} sets there and ${routeId} does not are lost: ${shown}. ` +
          'Set mergeType: StrategicMerge (or JSONMerge) to keep them, or repeat them in the route policy.',
        pair.route,
        pointer,
      ),
    );
  }
  return out;
}

interface TargetScopeInfo {
  readonly scope: Scope | null;
  readonly fromSelector: boolean;
}

function scopeWord(kind: string): string {
  switch (kind) {
    case 'GatewayListener':
      return 'Gateway-listener';
    case 'ListenerSetListener':
      return 'ListenerSet-listener';
    default:
      return kind;
  }
}

/**
 * Paths the parent sets that the route policy does not set at all: descends only where both set
 * an object; a value the route sets itself (scalar, list) is an override, not a loss.
 */
function lostFields(parentSpec: unknown, routeSpec: unknown): string[] {
  const out: string[] = [];
  const walk = (p: unknown, r: unknown, path: string[]): void => {
    if (!isPlainObject(p)) return;
    for (const [k, v] of Object.entries(p)) {
      if (path.length === 0 && TARGETING_FIELDS.has(k)) continue;
      if (v === undefined || v === null) continue;
      const rv = isPlainObject(r) ? r[k] : undefined;
      if (rv === undefined || rv === null) out.push(dotted([...path, k]));
      else if (isPlainObject(v) && isPlainObject(rv)) walk(v, rv, [...path, k]);
    }
  };
  walk(parentSpec, routeSpec, []);
  return out;
}
