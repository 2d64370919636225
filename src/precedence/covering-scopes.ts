/**
 * R4.3: the scopes that cover an attachment point, most specific first. Processing order is
 * precedence: the rule, the route, then the ListenerSet listener and its ListenerSet (a
 * ListenerSet listener) or the Gateway listener, then the Gateway.
 *
 * @packageDocumentation
 */

import { fail } from '../model/errors.js';
import { type ObjectRef, parseRef } from '../model/object-ref.js';
import type { Topology } from '../model/topology-types.js';
import type { PolicyKind } from '../model/types.js';
import { hasDirectListener } from './_internal/listeners.js';
import type { Point } from './resolution-types.js';
import { type Scope, scope } from './scope.js';

/** The parts of a point the ladder reads. */
export type CoveredPoint = Pick<
  Point,
  'gateway' | 'listener' | 'listenerName' | 'listenerSet' | 'route' | 'ruleIndex'
>;

/**
 * The scopes covering a point, most specific first. A rule scope only when the rule has a name.
 * For ClientTrafficPolicy (R9.1) a Gateway `sectionName` may name a ListenerSet listener when the
 * Gateway has no own listener of that name, so such a point is also covered by that Gateway
 * listener scope.
 *
 * @param topology - the graph
 * @param point - the point
 * @param kind - the policy kind asking (ClientTrafficPolicy widens the ladder, see above)
 * @returns the scopes (at most six)
 * @example
 * coveringScopes(topology, point).map((s) => s.kind); // => ['RouteRule', 'Route', 'GatewayListener', 'Gateway']
 */
export function coveringScopes(topology: Topology, point: CoveredPoint, kind?: PolicyKind): Scope[] {
  const out: Scope[] = [];
  if (point.route !== null) {
    const route = topology.routes.get(point.route);
    if (route) {
      const whole = { kind: route.kind, namespace: route.namespace, name: route.name };
      const ruleName = point.ruleIndex === null ? null : (route.rules[point.ruleIndex]?.name ?? null);
      if (ruleName !== null) out.push(scope('RouteRule', { ...whole, section: ruleName }));
      out.push(scope('Route', whole));
    }
  }
  const gateway = refOf(point.gateway);
  if (point.listenerSet !== null) {
    const ls = refOf(point.listenerSet);
    out.push(scope('ListenerSetListener', { ...ls, section: point.listenerName }), scope('ListenerSet', ls));
  }
  if (
    point.listenerSet === null ||
    (kind === 'ClientTrafficPolicy' &&
      !hasDirectListener(topology, `${gateway.namespace}/${gateway.name}`, point.listenerName))
  ) {
    out.push(scope('GatewayListener', { ...gateway, section: point.listenerName }));
  }
  out.push(scope('Gateway', gateway));
  return out;
}

/** The reference a point names a Gateway or ListenerSet by (its `Kind/ns/name`). */
function refOf(text: string): ObjectRef {
  const ref = parseRef(text);
  if (ref === null)
    fail(
      'GWP-API-BAD-ARGUMENT',
      `coveringScopes: ${JSON.stringify(text)} is not a Kind/namespace/name reference`,
    );
  return ref;
}
