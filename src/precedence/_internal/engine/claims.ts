/**
 * R6: which policy each point takes. On HTTP and GRPC routes the first claim wins whole (R6.1; a
 * policy whose features failed claims only when the kind's `failedPolicyClaims` says so, R6.5); on
 * TCP and UDP routes BackendTrafficPolicy falls back field by field (R6.3) and SecurityPolicy
 * takes only `authorization` (R6.4), as the kind's `nonHttpClaims` says.
 */
import { coveringScopes } from '../../covering-scopes.js';
import type { Point, PointPolicy } from '../../resolution-types.js';
import { DenseTable } from '../compact/dense-table.js';
import { keyOf } from '../compact/scope-keys.js';
import { isSet } from '../features/feature-check.js';
import { isRouteLevel } from '../passes.js';
import type { KindContext } from './kind-context.js';
import { type Claim, compareVisits, type Visit } from './visit.js';

/** A point's claims while they are gathered in visit order. */
interface PointClaims {
  claim: Claim | null;
  fields: Record<string, string> | null;
  touched: string[] | null;
  /** BTP on TCP/UDP: the first merged route claim offered (its fields are the merged policy's). */
  merged?: Claim;
  /** An HTTP point is settled by its first claim. */
  done: boolean;
}

/**
 * R6.2: the points a visit's claims cover (before or after it changed): a route or rule visit
 * the route's points, a Gateway or ListenerSet level visit those of the listeners it covers.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param out - collects the point ids
 */
export function collectPoints(ctx: KindContext, v: Visit, out: Set<number>): void {
  const points = ctx.run.points;
  if (isRouteLevel(v.pass)) {
    if (!v.claimAll && !v.claimByListener) return;
    for (const id of points.byRoute.get(v.routeKey) ?? []) out.add(id);
  } else if (v.claimListeners) {
    for (const lk of v.claimListeners) for (const id of points.byListener.get(lk) ?? []) out.add(id);
  }
}

/** The visits covering a point, in processing order (R4.3). */
function coveringVisits(ctx: KindContext, id: number): Visit[] {
  const P = ctx.run.points;
  const route = P.route[id] ?? null;
  if (route === null) return [];
  const point = {
    gateway: P.gateway[id]!,
    listener: P.listener[id]!,
    listenerName: P.listenerName[id]!,
    listenerSet: P.listenerSet[id] ?? null,
    route,
    ruleIndex: P.ruleIndex[id]!,
  };
  const out: Visit[] = [];
  for (const s of coveringScopes(ctx.run.topology, point))
    for (const v of ctx.byScope.get(keyOf(s)) ?? []) out.push(v);
  return out.sort(compareVisits);
}

/** A visit's claim at a point, or null. */
function claimAt(ctx: KindContext, v: Visit, id: number): Claim | null {
  const P = ctx.run.points;
  if (isRouteLevel(v.pass)) {
    if (v.target.sectionName !== null && P.ruleName[id] !== v.target.sectionName) return null;
    if (v.claimAll) return v.claimAll;
    return v.claimByListener?.get(P.listener[id]!) ?? null;
  }
  return v.claimListeners?.has(P.listener[id]!) ? parentClaim(v) : null;
}

/**
 * One point from its covering visits: first writer wins (R6.1), per field on TCP/UDP (R6.3, R6.4).
 *
 * @param ctx - the kind's state
 * @param id - the point
 */
export function computePoint(ctx: KindContext, id: number): void {
  const family = ctx.run.points.family[id]!;
  if (!claimsOn(ctx, family)) return;
  const acc: PointClaims = { claim: null, fields: null, touched: null, done: false };
  for (const v of coveringVisits(ctx, id)) {
    const c = claimAt(ctx, v, id);
    if (c) offer(ctx, acc, family, v, c);
    if (acc.done) break;
  }
  settle(ctx, id, acc);
}

/**
 * Every point at once, sweeping the visits in processing order (the full run).
 *
 * @param ctx - the kind's state
 * @param all - every visit, in processing order
 */
export function sweepClaims(ctx: KindContext, all: readonly Visit[]): void {
  const points = ctx.run.points;
  const table = new DenseTable<PointPolicy>(points.size);
  ctx.claims = table;
  // HTTP points are settled by their first claim (R6.1): a flag per point, no accumulator.
  const httpDone = new Uint8Array(points.size);
  const failedClaims = ctx.kp.failedPolicyClaims;
  const accs: (PointClaims | undefined)[] = new Array(points.size);
  const family = points.family;
  const touch = (id: number, v: Visit, c: Claim): void => {
    const f = family[id]!;
    if (f === 'http') {
      if (httpDone[id] === 1) return;
      // R6.5: a policy whose features failed leaves the route unclaimed unless the kind says otherwise.
      if (c.failed && !failedClaims) return;
      httpDone[id] = 1;
      table.set(id, sharedHttpPolicy(c));
      return;
    }
    if (!claimsOn(ctx, f)) return;
    let acc = accs[id];
    if (!acc) {
      acc = { claim: null, fields: null, touched: null, done: false };
      accs[id] = acc;
    }
    if (!acc.done) offer(ctx, acc, f, v, c);
  };
  for (const v of all) {
    if (isRouteLevel(v.pass)) {
      if (!v.claimAll && !v.claimByListener) continue;
      const section = v.target.sectionName;
      for (const id of points.byRoute.get(v.routeKey) ?? []) {
        if (section !== null && points.ruleName[id] !== section) continue;
        const c = v.claimAll ?? v.claimByListener?.get(points.listener[id]!);
        if (c) touch(id, v, c);
      }
    } else if (v.claimListeners) {
      const c = parentClaim(v);
      for (const lk of v.claimListeners) for (const id of points.byListener.get(lk) ?? []) touch(id, v, c);
    }
  }
  accs.forEach((acc, id) => {
    if (acc) settle(ctx, id, acc);
  });
}

/** Whether the kind claims points of this family at all. */
function claimsOn(ctx: KindContext, family: Point['family']): boolean {
  if (family === 'listener') return false;
  return family === 'http' || ctx.kp.nonHttpClaims.by !== 'none';
}

/** Every HTTP point a claim wins shares one (immutable) point policy. */
function sharedHttpPolicy(c: Claim): PointPolicy {
  let pp = c.shared;
  if (!pp) {
    pp = {
      applied: c.parent ? [c.policy, c.parent.policy] : [c.policy],
      mode: c.mode,
      scopeKind: c.scope.kind,
      ...(c.parent ? { parent: c.parent } : {}),
    };
    c.shared = pp;
  }
  return pp;
}

/** The claim of a Gateway / ListenerSet level visit, one object per visit. */
function parentClaim(v: Visit): Claim {
  v.parentClaim ??= {
    policy: v.entry.id,
    mode: 'replace',
    scope: v.scope,
    failed: v.parentInvalid !== null,
    object: v.obj.object,
  };
  return v.parentClaim;
}

/** One visit's claim offered to one point. */
function offer(ctx: KindContext, acc: PointClaims, family: Point['family'], v: Visit, c: Claim): void {
  if (family === 'http') {
    // R6.5: a policy whose features failed leaves the route unclaimed unless the kind says otherwise.
    if (c.failed && !ctx.kp.failedPolicyClaims) return;
    acc.claim = c;
    acc.done = true;
    return;
  }
  const spec = (c.object.spec ?? {}) as Record<string, unknown>;
  const rule = ctx.kp.nonHttpClaims;
  if (rule.by === 'fields') {
    // R6.3: recorded by spec field (the IR's backendConnection is the spec's `connection`).
    const list = family === 'udp' ? rule.udp : isRouteLevel(v.pass) ? rule.tcp : rule.tcpFromParent;
    acc.fields ??= {};
    for (const f of list) if (acc.fields[f] === undefined && isSet(spec[f])) acc.fields[f] = c.policy;
    // R6.3 with R7.2: a merged route policy's features are built from the merged policy, then set
    // field by field (setIfNil) like any other's.
    if (c.parent !== undefined && acc.merged === undefined) acc.merged = c;
    if (family === 'tcp') {
      acc.touched ??= [];
      acc.touched.push(c.policy);
    }
  } else if (rule.by === 'authorization' && family === 'tcp') {
    // R6.4: only authorization, with its own claim marker.
    acc.fields ??= {};
    if (acc.fields.authorization === undefined && isSet(spec.authorization)) {
      acc.fields.authorization = c.policy;
      acc.claim ??= { ...c, mode: c.mode === 'replace' ? 'fieldFallback' : c.mode, shared: undefined };
    }
  }
}

/** Writes a point's policy from its gathered claims. */
function settle(ctx: KindContext, id: number, acc: PointClaims): void {
  const c = acc.claim;
  if (c) {
    if (ctx.run.points.family[id] === 'http') {
      ctx.claims.set(id, sharedHttpPolicy(c));
      return;
    }
    ctx.claims.set(id, {
      applied: c.parent ? [c.policy, c.parent.policy] : [c.policy],
      mode: c.mode,
      scopeKind: c.scope.kind,
      ...(c.parent ? { parent: c.parent } : {}),
      ...(acc.fields ? { fields: acc.fields } : {}),
    });
    return;
  }
  const fields = acc.fields ?? {};
  const touched = acc.touched ?? [];
  if (Object.keys(fields).length + touched.length > 0) {
    const m = acc.merged;
    const contributors = [...touched, ...Object.values(fields)];
    // A merged route policy brings its parent's values: the parent comes right after it.
    if (m?.parent) {
      const at = contributors.indexOf(m.policy);
      if (at >= 0) contributors.splice(at + 1, 0, m.parent.policy);
    }
    const applied = [...new Set(contributors)];
    // R6.6: every policy that touched a TCP route is listed.
    if (applied.length > 0)
      ctx.claims.set(id, {
        applied,
        mode: 'fieldFallback',
        scopeKind: 'Route',
        fields,
        ...(m?.parent && applied.includes(m.policy)
          ? { parent: m.parent, merge: { policy: m.policy, mode: m.mode as 'StrategicMerge' | 'JSONMerge' } }
          : {}),
      });
  }
}
