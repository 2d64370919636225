/**
 * A ListenerSet or Gateway level visit (passes 3–6): its outcome's conditions (R3.4, R5), its
 * graph edges (R8.7 steps 3–4), the listeners it claims (R4.3: a listener policy covers its own
 * listener, a Gateway-wide one every listener, a ListenerSet-wide one the ListenerSet's) and its
 * feature errors (R6.5). The parent-side condition steps come after every visit (`parent-status.ts`).
 */
import type { ListenerNode } from '../../../model/topology-types.js';
import { ancestorRef } from '../../ancestor-ref.js';
import { describeScope, scope } from '../../scope.js';
import { splitKey } from '../keys.js';
import { isHttpListener } from '../listeners.js';
import { isListenerSetLevel } from '../passes.js';
import { decideConflict, parentConflictMessage } from './conflicts.js';
import { decide, notFoundReason } from './decisions.js';
import { featureError, geoErrors, joinErrors } from './feature-errors.js';
import { addContainment, addEdge } from './graph-edges.js';
import type { KindContext } from './kind-context.js';
import type { Visit } from './visit.js';
import { statusOf } from './visit-status.js';

/**
 * Applies a ListenerSet or Gateway level visit, all but its parent-side condition steps.
 *
 * @param ctx - the kind's state
 * @param v - the visit (outcome resolved)
 */
export function applyParentVisit(ctx: KindContext, v: Visit): void {
  const topology = ctx.run.topology;
  const t = v.target;
  const p = v.obj;
  const isLs = isListenerSetLevel(v.pass);
  const targetKey = `${t.namespace}/${t.name}`;
  if (v.outcome === 'notFound') {
    const ls = isLs ? topology.listenerSets.get(targetKey) : undefined;
    decide(
      v,
      'notFound',
      isLs && ls
        ? `R3.4: the parent Gateway ${ls.parentGateway} of ListenerSet ${ls.key} is not accepted`
        : notFoundReason(t),
    );
    return;
  }
  const gwKey = isLs ? topology.listenerSets.get(targetKey)!.parentGateway : targetKey;
  let readers = ctx.graphs.parentVisitsByGateway.get(gwKey);
  if (!readers) {
    readers = new Set();
    ctx.graphs.parentVisitsByGateway.set(gwKey, readers);
  }
  readers.add(v);
  const kindWord = isLs ? 'ListenerSet' : 'Gateway';
  const anc = [ancestorRef(kindWord, t.namespace, t.name, t.sectionName)];
  if (v.outcome === 'targetNotFound') {
    const message = `No section name ${t.sectionName} found for ${kindWord} ${targetKey}`;
    statusOf(ctx, v).set(p, anc, 'Accepted', 'False', 'TargetNotFound', message);
    decide(v, 'targetNotFound', `R5.3: ${message}`);
    return;
  }
  if (v.outcome === 'conflicted') {
    statusOf(ctx, v).set(p, anc, 'Accepted', 'False', 'Conflicted', parentConflictMessage(ctx, t, isLs));
    decideConflict(v);
    return;
  }
  // R8.7 steps 3–4: a ListenerSet listener under its ListenerSet (contained in the Gateway), a
  // ListenerSet or a Gateway listener under the Gateway.
  const [gwNs, gwName] = splitKey(gwKey);
  const gatewayScope = scope('Gateway', { kind: 'Gateway', namespace: gwNs, name: gwName });
  if (isLs && t.sectionName !== null) {
    const lsScope = scope('ListenerSet', { kind: 'ListenerSet', namespace: t.namespace, name: t.name });
    addContainment(ctx, v, gatewayScope, lsScope);
    addEdge(ctx, v, 'overrides', lsScope, v.scope);
  } else if (isLs || t.sectionName !== null) {
    addEdge(ctx, v, 'overrides', gatewayScope, v.scope);
  }
  // R4.3: a listener policy covers the Gateway's own listener; a Gateway-wide one every listener.
  const listeners = ctx.run.graph.listeners.get(gwKey) ?? [];
  const claimed = new Set<string>();
  for (const l of listeners) {
    const covered = isLs
      ? l.listenerSet === targetKey && (t.sectionName === null || l.name === t.sectionName)
      : t.sectionName === null || (l.listenerSet === null && l.name === t.sectionName);
    if (covered) claimed.add(l.key);
  }
  v.claimListeners = claimed;
  v.parentInvalid = featureError(ctx, p.object, p.object, null, 'gateway', 'all', gwKey);
  if (ctx.kp.listenerGeoIP) {
    // The GeoIP check runs per target HTTP listener, after the other features.
    const http: ListenerNode[] = listeners.filter((l) => claimed.has(l.key) && isHttpListener(l));
    v.parentInvalid = joinErrors(v.parentInvalid, geoErrors(ctx, p.object, http));
  }
  v.parentAnc = anc;
  if (v.parentInvalid !== null) {
    decide(
      v,
      'invalid',
      ctx.kp.failedPolicyClaims
        ? `R6.5: a feature failed to translate (see its status); the ${ctx.kind} still claims every point of ${describeScope(v.scope)} not already claimed by a more specific policy, and Envoy Gateway answers those requests with an error`
        : `R6.5: a feature failed to translate (see its status); the points of ${describeScope(v.scope)} are left unclaimed and Envoy Gateway answers 500 on the affected routes`,
    );
  } else {
    decide(
      v,
      'applied',
      `R6.1: claims every point of ${describeScope(v.scope)} not already claimed by a more specific policy`,
    );
  }
}
