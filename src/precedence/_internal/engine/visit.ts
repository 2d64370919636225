/**
 * The units of the six-pass engine (R4.2): an entry per policy in processing order,
 * and a visit per (pass, policy, target) of Envoy Gateway's `Process*Policies` loops. A visit's
 * outcome and status operations depend only on the visits on the same exact scope before it
 * (R5.1), the parent maps (R4.1), the final scope graphs (R8.7) and the final rule claims of its
 * route (R8.6); claims on points (R6) follow from the visits covering each point. So a change to
 * one policy re-resolves only what it touches (`incremental-update.ts`), and a full run is the
 * same code applied to every visit (`full-run.ts`).
 */
import type { Resource } from '../../../model/resource.js';
import type { RouteNode } from '../../../model/topology-types.js';
import type { Policy, PolicyKind } from '../../../model/types.js';
import type {
  AncestorRef,
  PointMode,
  PointPolicy,
  StatusOp,
  TargetDecision,
} from '../../resolution-types.js';
import type { TargetRef } from '../../resolve-targets.js';
import type { Scope } from '../../scope.js';
import { NONE } from '../compact/small-lists.js';
import type { RouteFrame } from '../links.js';
import type { Pass } from '../passes.js';

/** The kinds the six-pass engine resolves (ClientTrafficPolicy has its own, R9). */
export type DirectKind = Exclude<PolicyKind, 'ClientTrafficPolicy'>;

/** A policy in processing order. */
export interface Entry {
  /** The list element (its own targets are walked). */
  readonly resource: Resource<Policy>;
  readonly id: string;
  /** Position in processing order. */
  rank: number;
  /** Visits of this entry, by pass then target position. */
  visits: Visit[];
  /** Target lists per selector candidate set (plain refs, routes, ListenerSet, Gateway), computed once. */
  readonly targets: [TargetRef[]?, TargetRef[]?, TargetRef[]?, TargetRef[]?];
}

/** What became of a visit's target on its exact scope (R3.5, R5). */
export type Outcome = 'notFound' | 'targetNotFound' | 'conflicted' | 'ok';

/** How a visit applies on the points it covers (R6). */
export interface Claim {
  readonly policy: string;
  readonly mode: PointMode;
  readonly scope: Scope;
  readonly parent?: { readonly policy: string; readonly scope: Scope };
  /** R6.5: the policy's features failed (whether it still claims is the kind's `failedPolicyClaims`). */
  readonly failed: boolean;
  /** The object whose fields apply (the merged policy for merges). */
  readonly object: Policy;
  /** The point policy every HTTP point this claim wins shares (set on first use). */
  shared?: PointPolicy | undefined;
}

/** One (pass, policy, target). */
export interface Visit {
  readonly entry: Entry;
  readonly pass: Pass;
  readonly targetPos: number;
  readonly target: TargetRef;
  /** Exact-scope key (R5.1): `scopeKey(scope)`. */
  readonly key: string;
  /** `Kind/ns/name` of the target as a route (route passes; '' otherwise). */
  readonly routeKey: string;
  /** The route node, looked up once (undefined: not yet; null: none). */
  route: RouteNode | null | undefined;
  readonly scope: Scope;
  outcome: Outcome;
  holder: string | null;
  /** The object Envoy Gateway uses for this visit (R4.4: the first handled with this identity). */
  obj: Resource<Policy>;
  ops: StatusOp[];
  decision: TargetDecision | null;
  /** Edges this visit wrote (merges, parent visits), to withdraw them on re-resolution. */
  edges: Array<{ readonly graph: 'overrides' | 'merged'; readonly parent: Scope; readonly child: Scope }>;
  /** ListenerSet containments this visit recorded (R8.7), to withdraw them on re-resolution. */
  containments: Array<{ readonly gateway: Scope; readonly listenerSet: Scope }>;
  /** The route frame whose parent → route edges this (route-level) visit holds (see `graph-edges.ts`). */
  linked: RouteFrame | null;
  /** Route visits: claim for all points of the route (non-merge), or per listener (merge). */
  claimAll: Claim | null;
  claimByListener: Map<string, Claim> | null;
  /** Parent-level visits: the listeners whose points it claims. */
  claimListeners: Set<string> | null;
  /** Parent map keys a merging route visit consulted. */
  consulted: string[];
  /** Parent-level visits: the ancestors of the parent-side condition steps (filled in the second phase). */
  parentAnc: AncestorRef[] | null;
  /** Parent-level visits: the feature errors. */
  parentInvalid: string | null;
  parentClaim: Claim | null;
}

/**
 * A new visit, not yet resolved.
 *
 * @param entry - the policy
 * @param pass - the pass
 * @param targetPos - the target's position in the pass's target list
 * @param target - the target
 * @param key - the exact-scope key
 * @param routeKey - the route key (route passes)
 * @param scope - the scope
 * @returns the visit
 */
export function newVisit(
  entry: Entry,
  pass: Pass,
  targetPos: number,
  target: TargetRef,
  key: string,
  routeKey: string,
  scope: Scope,
): Visit {
  return {
    entry,
    pass,
    targetPos,
    target,
    key,
    routeKey,
    route: undefined,
    scope,
    outcome: 'notFound',
    holder: null,
    obj: entry.resource,
    ops: NONE,
    decision: null,
    edges: NONE,
    containments: NONE,
    claimAll: null,
    claimByListener: null,
    claimListeners: null,
    consulted: NONE,
    linked: null,
    parentAnc: null,
    parentInvalid: null,
    parentClaim: null,
  };
}

/** Processing order: pass, then the policy's rank, then the target's position (R4.2, R2.4). */
export function compareVisits(a: Visit, b: Visit): number {
  return a.pass - b.pass || a.entry.rank - b.entry.rank || a.targetPos - b.targetPos;
}
