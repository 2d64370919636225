/**
 * R6.5: the feature translation errors of a policy (or of a merged policy, whose references resolve
 * in the namespace of each field's owner, R7.7), in Envoy Gateway's order, memoised per policy
 * object and form; and SecurityPolicy's GeoIP authorization check per listener.
 */
import type { ListenerNode, ParentRefNode, RouteNode } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import { featureErrors, featureErrorsDependOnGateway } from '../../feature-checks.js';
import { gatewayEnvoyProxySpec } from '../features/backend-refs.js';
import { authorizationGeoIPError } from '../features/security.js';
import { isHttpListener } from '../listeners.js';
import { Pass } from '../passes.js';
import { clientIPDetection } from '../run-context.js';
import type { KindContext } from './kind-context.js';
import { claimedRules } from './rule-claims.js';
import type { Visit } from './visit.js';

/** Which features are built: all of them, the ones built once per policy, or the per-Gateway ones. */
type FeatureGroup = 'all' | 'policy' | 'gateway';

/**
 * The feature error of a policy object (null when every feature builds).
 *
 * @param ctx - the kind's state
 * @param policy - the object whose features are built (a merged one for merges)
 * @param route - the route-level policy (field owner when it sets the field)
 * @param parent - the merge parent, or null
 * @param target - built for a route or for a Gateway / ListenerSet
 * @param group - which features
 * @param gateway - the Gateway (`ns/name`) they are built for, when known
 * @returns the joined errors, or null
 */
export function featureError(
  ctx: KindContext,
  policy: Policy,
  route: Policy,
  parent: Policy | null,
  target: 'route' | 'gateway' = 'route',
  group: FeatureGroup = 'all',
  gateway?: string,
): string | null {
  // A policy object is checked once per form: its own features (parent null), or one merge
  // result, which belongs to one (parent, route) pair (merged objects are memoised per pair).
  const memo = ctx.features.errors;
  const form = (target === 'route' ? 0 : 3) + (group === 'all' ? 0 : group === 'policy' ? 1 : 2);
  let gatewaySlot: string | undefined;
  if (gateway !== undefined) {
    // A kind with no per-Gateway feature builds nothing per parentRef's Gateway.
    if (group === 'gateway' && !ctx.features.perGatewayChecks) return null;
    // One answer serves every Gateway unless a check reads the Gateway (DynamicModule).
    gatewaySlot = featureErrorsDependOnGateway(ctx.kind, policy) ? gateway : '';
  }
  const hit = memo.get(policy, form, gatewaySlot);
  if (hit !== undefined) return hit;
  const routeSpec = (route.spec ?? {}) as Record<string, unknown>;
  const routeNs = route.metadata.namespace ?? '';
  const parentNs = parent?.metadata.namespace ?? routeNs;
  const err = featureErrors(ctx.kind, policy, {
    topology: ctx.run.topology,
    ownerNamespace: (field) => (parent === null || routeSpec[field] !== undefined ? routeNs : parentNs),
    target,
    ...(group === 'all' ? {} : { scope: group }),
    ...(gateway === undefined ? {} : { gateway }),
  });
  memo.set(policy, form, gatewaySlot, err);
  return err;
}

/**
 * The feature errors of a route-level policy (not merged), in Envoy Gateway's order: the
 * features built once, then per processed parentRef the ones built for its Gateway, and for a
 * kind that checks GeoIP per listener that check on the parentRef's listeners.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param route - its route
 * @param parentRefs - the route's parentRefs with a parent
 * @param policy - the policy object
 * @returns the joined errors, or null
 */
export function routeFeatureErrors(
  ctx: KindContext,
  v: Visit,
  route: RouteNode,
  parentRefs: readonly ParentRefNode[],
  policy: Policy,
): string | null {
  let err = featureError(ctx, policy, policy, null, 'route', 'policy');
  const geo = ctx.kp.listenerGeoIP && (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute');
  for (const pr of parentRefs) {
    if (pr.gateway === null) continue;
    err = joinErrors(err, featureError(ctx, policy, policy, null, 'route', 'gateway', pr.gateway));
    if (geo) err = joinErrors(err, geoErrors(ctx, policy, routeGeoListeners(ctx, v, route, pr)));
  }
  return err;
}

/**
 * GeoIP authorization (`validateAuthorizationGeoIP`): validated once per listener with the client
 * IP detection the ClientTrafficPolicy translated for it wrote to the listener, and the Gateway's
 * EnvoyProxy; each failure is an `Authorization: …` error.
 *
 * @param ctx - the kind's state
 * @param policy - the policy object
 * @param listeners - the HTTP listeners it is validated on
 * @returns the joined errors, or null
 */
export function geoErrors(
  ctx: KindContext,
  policy: Policy,
  listeners: readonly ListenerNode[],
): string | null {
  if (listeners.length === 0 || !usesGeoLocations(ctx, policy)) return null;
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  const errors: string[] = [];
  for (const l of listeners) {
    const proxy = gatewayEnvoyProxySpec(ctx.run.topology, l.gateway);
    const err = authorizationGeoIPError(spec, proxy, clientIPDetection(ctx.run, l.key));
    if (err !== null) errors.push(`Authorization: ${err}`);
  }
  return errors.length === 0 ? null : errors.join('\n');
}

/** Whether a policy's authorization matches on `clientIPGeoLocations` (once per object). */
function usesGeoLocations(ctx: KindContext, policy: Policy): boolean {
  let uses = ctx.features.geoUse.get(policy);
  if (uses === undefined) {
    // Without client IP detection the check fails exactly when some rule uses GeoIP.
    uses = authorizationGeoIPError((policy.spec ?? {}) as Record<string, unknown>, null, null) !== null;
    ctx.features.geoUse.set(policy, uses);
  }
  return uses;
}

/**
 * The listeners a route-level policy validates GeoIP on for one parentRef: each of its listeners
 * (`RouteParentContext.listeners`) that is an HTTP listener holding routes of this route, when
 * the policy sets at least one of its rules (rules a rule policy took are skipped).
 */
function routeGeoListeners(ctx: KindContext, v: Visit, route: RouteNode, pr: ParentRefNode): ListenerNode[] {
  if (!usesGeoLocations(ctx, v.obj.object)) return [];
  if (v.pass === Pass.Route) {
    const claimed = claimedRules(ctx, route);
    if (!route.rules.some((r) => r.name === null || !claimed.includes(r.name))) return [];
  }
  const out: ListenerNode[] = [];
  for (const lk of pr.allowedListeners) {
    const l = ctx.run.topology.listeners.get(lk);
    if (l && isHttpListener(l) && pr.listeners.includes(lk)) out.push(l);
  }
  return out;
}

/**
 * Two error texts joined as Go's `errors.Join` joins them (either may be absent).
 *
 * @param a - the first, or null
 * @param b - the second, or null
 * @returns the joined text, or null
 */
export function joinErrors(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null ? a : `${a}\n${b}`;
}
