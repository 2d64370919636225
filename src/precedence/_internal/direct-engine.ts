/**
 * The six-pass engine of BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy
 * (eg-semantics R4–R8, R10), organised as *visits* so that it can also re-resolve incrementally.
 *
 * A visit is one (pass, policy, target) of Envoy Gateway's `Process*Policies` loops (R4.2). Its
 * outcome and status operations depend only on:
 *  - the visits on the same exact scope before it (R5.1 conflicts: first come, first served),
 *  - the parent maps (R4.1: first valid policy per Gateway / ListenerSet key),
 *  - the final scope graphs (R8.7: every edge a read can see is written by an earlier pass),
 *  - the final rule claims of its route (R8.6).
 * Claims on points (R6) are first-writer-wins in visit order, so each point's claimant follows
 * from the visits covering it. A change to one policy therefore re-resolves only the scopes,
 * parent keys, graph readers and points it touches (`update`), and a full run is the same code
 * applied to every visit (`runAll`).
 */
import { asText } from '../../model/_internal/topology-read.js';
import type { Resource } from '../../model/resource.js';
import type { ListenerNode, ListenerSetNode, RouteNode, Topology } from '../../model/topology-types.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { ancestorRef, sameAncestorRef } from '../ancestor-ref.js';
import { featureErrors, featureErrorsDependOnGateway, hasPerGatewayChecks } from '../feature-checks.js';
import type {
  AncestorRef,
  Point,
  PointMode,
  PointPolicy,
  StatusOp,
  TargetDecision,
} from '../resolution-types.js';
import { composeTargets, plainTargetRefs, type TargetRef } from '../resolve-targets.js';
import { describeScope, formatScopes, type Scope, scope } from '../scope.js';
import { type EngineContext, KindRecorder, policyId, splitKey } from './context.js';
import { CountedScopeGraph } from './counted-graph.js';
import { gatewayEnvoyProxySpec } from './features/backend-refs.js';
import { authorizationGeoIPError } from './features/security.js';

export type DirectKind = Exclude<PolicyKind, 'ClientTrafficPolicy'>;

/** R6.3: the BackendTrafficPolicy fields a TCP route takes per field (IR field → spec field). */
const BTP_TCP_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['loadBalancer', 'loadBalancer'],
  ['proxyProtocol', 'proxyProtocol'],
  ['healthCheck', 'healthCheck'],
  ['circuitBreaker', 'circuitBreaker'],
  ['tcpKeepalive', 'tcpKeepalive'],
  ['timeout', 'timeout'],
  ['backendConnection', 'connection'],
  ['dns', 'dns'],
];
/** R6.3: the gateway-level application never sets backendConnection on TCP routes. */
const BTP_TCP_FIELDS_GATEWAY = BTP_TCP_FIELDS.filter(([ir]) => ir !== 'backendConnection');
/** R6.3: UDP routes take only loadBalancer and dns. */
const BTP_UDP_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['loadBalancer', 'loadBalancer'],
  ['dns', 'dns'],
];

/** A policy in processing order. */
interface Entry {
  /** The list element (its own targets are walked). */
  readonly resource: Resource<Policy>;
  readonly id: string;
  rank: number;
  /** Visits of this entry, by pass then target position. */
  visits: Visit[];
  /** Target lists per candidate set (plain refs, routes, ListenerSet, Gateway), computed once. */
  readonly targets: [TargetRef[]?, TargetRef[]?, TargetRef[]?, TargetRef[]?];
}

type Outcome = 'notFound' | 'targetNotFound' | 'conflicted' | 'ok';

/** How a visit applies on the points it covers. */
interface Claim {
  readonly policy: string;
  readonly mode: PointMode;
  readonly scope: Scope;
  readonly parent?: { readonly policy: string; readonly scope: Scope };
  /** R6.5: a failed BTP/EEP does not claim HTTP routes; a failed SP does. */
  readonly failed: boolean;
  /** The object whose fields apply (the merged policy for merges). */
  readonly object: Policy;
  /** The point policy every HTTP point this claim wins shares (set on first use). */
  shared?: PointPolicy | undefined;
}

interface Visit {
  readonly entry: Entry;
  readonly pass: number;
  readonly targetPos: number;
  readonly target: TargetRef;
  /** Exact-scope key (R5.1). */
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
  edges: Array<{ readonly graph: 'o' | 'm'; readonly parent: Scope; readonly child: Scope }>;
  lsRegs: Array<readonly [string, string, string, string]>;
  /** The route frame whose parent → route edges this (route-level) visit holds (see `holdRouteLinks`). */
  linked: RouteFrame | null;
  /** Route visits: claim for all points of the route (non-merge), or per listener (merge). */
  claimAll: Claim | null;
  claimByListener: Map<string, Claim> | null;
  /** Parent-level visits: the listeners whose points it claims. */
  claimListeners: Set<string> | null;
  /** Parent map keys a merging route visit consulted. */
  consulted: string[];
  /** For parent-level visits, a pending message step (filled in the second phase). */
  parentAnc: AncestorRef[] | null;
  parentInvalid: string | null;
  parentClaim: Claim | null;
}

/** A point's claims while they are gathered in visit order. */
interface PointAcc {
  claim: Claim | null;
  fields: Record<string, string> | null;
  touched: string[] | null;
  /** BTP on TCP/UDP: the first merged route claim offered (its fields are the merged policy's). */
  merged?: Claim;
  /** An HTTP point is settled by its first claim. */
  done: boolean;
}

/** Point id → policy at that point (absent: none). */
export interface PointTable {
  get(id: number): PointPolicy | undefined;
}

/** Result of a run. */
export interface EngineResult {
  readonly processed: string[];
  readonly processedResources: Resource<Policy>[];
  readonly ops: StatusOp[];
  readonly decisions: TargetDecision[];
  /**
   * Point id → policy: every point after a full run (a dense table), only the points an update
   * touched after an incremental one.
   */
  readonly pointPolicies: PointTable;
}

/** What an incremental update touched. */
export interface EngineDelta {
  /** Point ids whose policy may have changed. */
  readonly points: ReadonlySet<number>;
  /** Policy ids whose status operations may have changed. */
  readonly policies: ReadonlySet<string>;
}

const PASS_CANDIDATES: Readonly<Record<number, 'Gateway' | 'ListenerSet' | 'routes' | null>> = {
  1: null,
  2: 'routes',
  3: null,
  4: 'ListenerSet',
  5: null,
  6: 'Gateway',
};

/** The engine of one kind over one topology. */
export class DirectEngine {
  private readonly rec: KindRecorder;
  private entries: Entry[] = [];
  private readonly entryOf = new Map<Resource<Policy>, Entry>();
  private readonly byScope = new Map<string, Visit[]>();
  private readonly overrides = new CountedScopeGraph();
  private readonly merged = new CountedScopeGraph();
  /** R4.1 candidates per parent key, in order; the map value is the first. */
  private readonly mapCandidates = new Map<string, Entry[]>();
  private readonly parentMap = new Map<string, Entry>();
  /**
   * Merging route visits by the parent keys they consulted. Like `routeVisitsByRoute`, only
   * re-resolution reads it: built from the visits on the first `update` (see `previewIndexes`),
   * then kept current.
   */
  private consultedBy: Map<string, Set<Visit>> | null = null;
  /** Parent-level visits by the Gateway whose graph they read (ListenerSet visits under their Gateway). */
  private readonly parentVisitsByGateway = new Map<string, Set<Visit>>();
  /** Route-level (whole route) visits by route key, for R8.6 (built like `consultedBy`). */
  private routeVisitsByRoute: Map<string, Set<Visit>> | null = null;
  /** R8.6 rule claims per route (sorted names), invalidated when a rule scope is re-resolved. */
  private readonly ruleClaims = new Map<string, readonly string[]>();
  /** Routes some rule visit targets (only those can have R8.6 rule claims). */
  private readonly routesWithRuleVisits = new Set<string>();
  /** Merged policy objects per merge result (the hook memoises results per pair). */
  private readonly mergedObjects = new WeakMap<object, Policy>();
  private pointPolicies = new DenseTable();
  /** How many visits hold each route frame's parent → route edges (see `holdRouteLinks`). */
  private readonly routeLinkHolders = new Map<RouteFrame, number>();
  /** See `appliedReason`. */
  private readonly appliedReasons = new WeakMap<Scope, string>();
  /** Entries per policy id, and how many ids have more than one (R4.4 identities can then move). */
  private readonly idCounts = new Map<string, number>();
  private repeatedIds = 0;
  /** Whether a SecurityPolicy object uses GeoIP authorization (see `usesGeoLocations`). */
  private readonly geoUse = new WeakMap<Policy, boolean>();
  /** Feature errors per checked policy object, by form (see `featureError`). */
  private readonly featureErrorCache = new WeakMap<
    Policy,
    (string | null | Map<string, string | null> | undefined)[]
  >();
  private readonly lsExists: boolean;
  /** Whether the kind builds some features per processed parentRef's Gateway (see `featureError`). */
  private readonly perGatewayChecks: boolean;

  constructor(
    private readonly ctx: EngineContext,
    private readonly kind: DirectKind,
  ) {
    this.rec = new KindRecorder(kind, ctx.profile);
    this.lsExists = ctx.profile.listenerSets && ctx.topology.listenerSets.size > 0;
    this.perGatewayChecks = hasPerGatewayChecks(kind);
  }

  // -------------------------------------------------------------------------------------------
  // Public

  /** Resolves every policy of the kind (already ordered and admitted). */
  runAll(policies: readonly Resource<Policy>[]): EngineResult {
    this.entries = policies.map((r, i) => this.newEntry(r, i));
    for (const e of this.entries) this.addMapCandidates(e);
    for (const k of this.mapCandidates.keys()) this.refreshMapKey(k);
    for (const e of this.entries) this.enumerate(e);
    // Each scope's visits were appended in rank order (a scope key belongs to one pass).
    for (const key of this.byScope.keys()) this.resolveScope(key);
    const all = this.allVisits();
    this.assignObjects(all);
    for (const v of all) this.applyVisit(v);
    for (const v of all) if (v.pass >= 3) this.finishParentVisit(v);
    this.sweepClaims(all);
    return this.result(all);
  }

  /**
   * Re-resolves after some policies were removed and others added (an edit is both), with
   * `order` the kind's new processing order. Only the scopes, parent keys, graph readers and
   * points the change touches are recomputed.
   */
  update(
    removed: readonly Resource<Policy>[],
    added: readonly Resource<Policy>[],
    order: readonly Resource<Policy>[],
    options: { readonly result?: boolean } = {},
  ): (EngineResult & { delta: EngineDelta }) | null {
    const { consultedBy, routeVisitsByRoute } = this.previewIndexes();
    const touchedScopes = new Set<string>();
    const touchedKeys = new Set<string>();
    const redo = new Set<Visit>();
    const affectedPoints = new Set<number>();
    const affectedPolicies = new Set<string>();
    const graphGateways = new Set<string>();

    // 1. Drop the removed entries and their visits.
    for (const r of removed) {
      const e = this.entryOf.get(r);
      if (!e) continue;
      affectedPolicies.add(e.id);
      for (const k of this.parentKeysOf(e)) touchedKeys.add(k);
      this.removeMapCandidates(e);
      for (const v of e.visits) {
        touchedScopes.add(v.key);
        this.collectPoints(v, affectedPoints);
        this.withdraw(v, graphGateways);
        const list = this.byScope.get(v.key);
        if (list) list.splice(list.indexOf(v), 1);
        this.unindex(v);
      }
      this.entryOf.delete(r);
      this.countId(e.id, -1);
    }

    // 2. New order and ranks; enumerate the added entries.
    const addedSet = new Set(added);
    this.entries = order.map((r, i) => {
      const e = addedSet.has(r) ? this.newEntry(r, i) : this.entryOf.get(r);
      if (!e) throw new Error(`engine: policy ${r.key} has no entry`);
      e.rank = i;
      return e;
    });
    for (const r of added) {
      const e = this.entryOf.get(r)!;
      affectedPolicies.add(e.id);
      this.addMapCandidates(e);
      for (const k of this.parentKeysOf(e)) touchedKeys.add(k);
      this.enumerate(e);
      for (const v of e.visits) {
        touchedScopes.add(v.key);
        const list = this.byScope.get(v.key)!;
        list.sort(compareVisits);
        redo.add(v);
      }
    }

    // 3. Parent maps (R4.1) for the keys the change touched.
    const changedKeys: string[] = [];
    for (const k of touchedKeys) if (this.refreshMapKey(k)) changedKeys.push(k);
    for (const k of changedKeys) for (const v of consultedBy.get(k) ?? []) redo.add(v);

    // 4. Conflicts (R5.1) on the scopes the change touched.
    const rulesChanged = new Set<string>();
    for (const key of touchedScopes) {
      for (const v of this.resolveScope(key)) {
        redo.add(v);
        if (v.key.startsWith('RR|')) rulesChanged.add(v.routeKey);
      }
      if (key.startsWith('RR|')) rulesChanged.add(key.slice(3, key.lastIndexOf('|')));
    }
    // R8.6: whole-route visits read the rule claims of their route.
    for (const rk of rulesChanged) for (const v of routeVisitsByRoute.get(rk) ?? []) redo.add(v);

    // 5. Re-apply what changed (R4.4 objects first: a handled identity may have moved; only
    // repeated identities can move, so the common case skips the walk).
    if (this.repeatedIds > 0) this.assignObjects(this.allVisits());
    else for (const r of added) for (const v of this.entryOf.get(r)!.visits) v.obj = r;
    const redoneParents = new Set<Visit>();
    for (const v of [...redo].sort(compareVisits)) {
      affectedPolicies.add(v.entry.id);
      this.collectPoints(v, affectedPoints);
      this.withdraw(v, graphGateways);
      this.unindex(v);
      this.applyVisit(v);
      this.collectPoints(v, affectedPoints);
      this.noteGraphGateways(v, graphGateways);
      if (v.pass >= 3) redoneParents.add(v);
    }
    // 6. Parent-level messages (R8.7) that read a changed part of the graph.
    for (const g of graphGateways)
      for (const v of this.parentVisitsByGateway.get(g) ?? []) redoneParents.add(v);
    for (const v of [...redoneParents].sort(compareVisits)) {
      affectedPolicies.add(v.entry.id);
      this.finishParentVisit(v);
    }
    // 7. Claims on the points touched.
    for (const id of affectedPoints) {
      this.pointPolicies.delete(id);
      if (id < this.ctx.points.size) this.computePoint(id);
    }
    if (options.result === false) return null;
    // Point policies only for the points the change touched: the caller keeps the others.
    const changed = new Map<number, PointPolicy>();
    for (const id of affectedPoints) {
      const pp = this.pointPolicies.get(id);
      if (pp) changed.set(id, pp);
    }
    return {
      ...this.result(this.allVisits(), changed),
      delta: { points: affectedPoints, policies: affectedPolicies },
    };
  }

  /**
   * The indexes only re-resolution reads (which visits consulted a parent key, the whole-route
   * visits of a route), built from the visits the first time and kept current afterwards: a full
   * resolution never pays for them.
   */
  private previewIndexes(): {
    consultedBy: Map<string, Set<Visit>>;
    routeVisitsByRoute: Map<string, Set<Visit>>;
  } {
    if (this.consultedBy === null || this.routeVisitsByRoute === null) {
      const consultedBy = new Map<string, Set<Visit>>();
      const routeVisitsByRoute = new Map<string, Set<Visit>>();
      for (const e of this.entries) {
        for (const v of e.visits) {
          for (const k of v.consulted) addTo(consultedBy, k, v);
          if (v.pass === 2) addTo(routeVisitsByRoute, v.routeKey, v);
        }
      }
      this.consultedBy = consultedBy;
      this.routeVisitsByRoute = routeVisitsByRoute;
    }
    return { consultedBy: this.consultedBy, routeVisitsByRoute: this.routeVisitsByRoute };
  }

  /** The kind's processing order as this engine holds it. */
  order(): Resource<Policy>[] {
    return this.entries.map((e) => e.resource);
  }

  // -------------------------------------------------------------------------------------------
  // Entries, targets, visits

  private newEntry(r: Resource<Policy>, rank: number): Entry {
    const e: Entry = { resource: r, id: policyId(r), rank, visits: NONE, targets: [] };
    this.entryOf.set(r, e);
    this.countId(e.id, 1);
    return e;
  }

  private countId(id: string, delta: 1 | -1): void {
    const before = this.idCounts.get(id) ?? 0;
    const after = before + delta;
    if (after === 0) this.idCounts.delete(id);
    else this.idCounts.set(id, after);
    if (before <= 1 && after > 1) this.repeatedIds++;
    else if (before > 1 && after <= 1) this.repeatedIds--;
  }

  private targetsOf(e: Entry, candidates: 'Gateway' | 'ListenerSet' | 'routes' | null): TargetRef[] {
    const k = candidates === null ? 0 : candidates === 'routes' ? 1 : candidates === 'ListenerSet' ? 2 : 3;
    let v = e.targets[k];
    if (!v) {
      const selectors = e.resource.object.spec?.targetSelectors;
      v =
        candidates === null
          ? plainTargetRefs(e.resource.object, e.resource.namespace)
          : Array.isArray(selectors) && selectors.length > 0
            ? composeTargets(this.ctx.topology, e.resource, candidates, this.targetsOf(e, null))
            : // Without selectors every pass reads the plain refs: one list, shared.
              this.targetsOf(e, null);
      e.targets[k] = v;
    }
    return v;
  }

  /** R4.2 / R3.6: the visits of one entry in the six passes. */
  private enumerate(e: Entry): void {
    e.visits = [];
    for (let pass = 1; pass <= 6; pass++) {
      if ((pass === 3 || pass === 4) && !this.lsExists) continue;
      const targets = this.targetsOf(e, PASS_CANDIDATES[pass]!);
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i]!;
        if (!inPass(pass, t)) continue;
        const key = scopeKeyOf(pass, t);
        let list = this.byScope.get(key);
        // The visits of one exact scope share its key, route key and scope objects (the fresh
        // key string of a later visit is dropped at once).
        const first = list?.[0];
        const v: Visit = {
          entry: e,
          pass,
          targetPos: i,
          target: t,
          key: first ? first.key : key,
          routeKey: first ? first.routeKey : pass <= 2 ? routeKeyOf(t) : '',
          route: undefined,
          scope: first ? first.scope : scopeOf(pass, t),
          outcome: 'notFound',
          holder: null,
          obj: e.resource,
          ops: NONE,
          decision: null,
          edges: NONE,
          lsRegs: NONE,
          claimAll: null,
          claimByListener: null,
          claimListeners: null,
          consulted: NONE,
          linked: null,
          parentAnc: null,
          parentInvalid: null,
          parentClaim: null,
        };
        e.visits.push(v);
        if (pass === 1) this.routesWithRuleVisits.add(v.routeKey);
        if (!list) {
          list = [];
          this.byScope.set(v.key, list);
        }
        list.push(v);
      }
    }
  }

  /** Every visit in processing order: entries are in rank order, so bucketing by pass sorts them. */
  private allVisits(): Visit[] {
    const buckets: Visit[][] = [[], [], [], [], [], [], []];
    for (const e of this.entries) for (const v of e.visits) buckets[v.pass]!.push(v);
    return buckets.flat();
  }

  /** R4.4: the object used for a visit is the first one handled with that identity. */
  private assignObjects(all: readonly Visit[]): void {
    const first = new Map<string, Resource<Policy>>();
    for (const v of all) {
      const seen = first.get(v.entry.id);
      if (seen) v.obj = seen;
      else {
        first.set(v.entry.id, v.entry.resource);
        v.obj = v.entry.resource;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // R4.1 parent maps

  private parentKeysOf(e: Entry): string[] {
    const keys: string[] = [];
    const topology = this.ctx.topology;
    for (const t of this.targetsOf(e, 'Gateway')) {
      if (t.kind !== 'Gateway') continue;
      const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
      if (!gw?.accepted) continue;
      if (t.sectionName !== null && !this.hasDirectListener(gw.key, t.sectionName)) continue;
      keys.push(`G|${gw.key}|${t.sectionName ?? ''}`);
    }
    if (this.ctx.profile.listenerSets) {
      for (const t of this.targetsOf(e, 'ListenerSet')) {
        if (t.kind !== 'ListenerSet') continue;
        const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
        if (!ls) continue;
        if (t.sectionName !== null && !lsHasListener(ls, t.sectionName)) continue;
        keys.push(`L|${ls.key}|${t.sectionName ?? ''}`);
      }
    }
    return keys;
  }

  private addMapCandidates(e: Entry): void {
    for (const k of new Set(this.parentKeysOf(e))) {
      let list = this.mapCandidates.get(k);
      if (!list) {
        list = [];
        this.mapCandidates.set(k, list);
      }
      list.push(e);
    }
  }

  private removeMapCandidates(e: Entry): void {
    for (const k of new Set(this.parentKeysOf(e))) {
      const list = this.mapCandidates.get(k);
      if (list) list.splice(list.indexOf(e), 1);
    }
  }

  /** Recomputes one parent key; true when its policy changed. */
  private refreshMapKey(k: string): boolean {
    const list = this.mapCandidates.get(k) ?? [];
    let best: Entry | undefined;
    for (const e of list) if (!best || e.rank < best.rank) best = e;
    const prev = this.parentMap.get(k);
    if (best) this.parentMap.set(k, best);
    else this.parentMap.delete(k);
    return prev !== best;
  }

  // -------------------------------------------------------------------------------------------
  // R5: outcomes per exact scope

  /** Recomputes the outcomes of the visits on one scope; returns those whose outcome changed. */
  private resolveScope(key: string): Visit[] {
    const list = this.byScope.get(key);
    // R8.6: a rule scope's outcome changes its route's rule claims (none are cached in a full run).
    if (this.ruleClaims.size > 0 && key.startsWith('RR|'))
      this.ruleClaims.delete(list?.[0]?.routeKey ?? key.slice(3, key.lastIndexOf('|')));
    if (!list || list.length === 0) return [];
    const first = list[0]!;
    const status = this.scopeStatus(first);
    const changed: Visit[] = [];
    let holder: string | null = null;
    for (const v of list) {
      let outcome: Outcome;
      let h: string | null = null;
      if (status === 'notFound' || status === 'silent') outcome = 'notFound';
      else if (status === 'targetNotFound') outcome = 'targetNotFound';
      else if (holder === null) {
        holder = v.entry.id;
        outcome = 'ok';
      } else {
        outcome = 'conflicted';
        h = holder;
      }
      if (v.outcome !== outcome || v.holder !== h) changed.push(v);
      v.outcome = outcome;
      v.holder = h;
    }
    return changed;
  }

  /** Whether a scope exists, its section is valid, or it is silent (LS with an unaccepted parent). */
  private scopeStatus(v: Visit): 'notFound' | 'targetNotFound' | 'silent' | 'ok' {
    const t = v.target;
    const topology = this.ctx.topology;
    if (v.pass <= 2) {
      const route = this.routeOf(v);
      if (!route?.relevant) return 'notFound';
      if (t.sectionName !== null && !route.rules.some((r) => r.name === t.sectionName))
        return 'targetNotFound';
      return 'ok';
    }
    if (v.pass <= 4) {
      const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
      if (!ls) return 'notFound';
      // R3.4: resolution (and its claim) happens before the parent check; an unaccepted parent silences every visit.
      if (!topology.gateways.get(ls.parentGateway)?.accepted) return 'silent';
      if (t.sectionName !== null && !lsHasListener(ls, t.sectionName)) return 'targetNotFound';
      return 'ok';
    }
    const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
    if (!gw?.accepted) return 'notFound';
    // R5.3: BTP/SP/EEP check only the Gateway's direct listeners.
    if (t.sectionName !== null && !this.hasDirectListener(gw.key, t.sectionName)) return 'targetNotFound';
    return 'ok';
  }

  private hasDirectListener(gwKey: string, section: string): boolean {
    const topology = this.ctx.topology;
    const gw = topology.gateways.get(gwKey);
    return !!gw?.directListeners.some((lk) => topology.listeners.get(lk)?.name === section);
  }

  // -------------------------------------------------------------------------------------------
  // Applying one visit: ops (except parent-level messages), edges, claims

  /**
   * R8.7 step 1: a route-level visit records its route under each managed parent (and a
   * ListenerSet under its Gateway). Every visit on a route writes the same edges, so the graph
   * counts the route's frame once, however many visits hold it; the edges go when the last
   * holder is withdrawn.
   */
  private holdRouteLinks(v: Visit, frame: RouteFrame): void {
    const held = this.routeLinkHolders.get(frame) ?? 0;
    this.routeLinkHolders.set(frame, held + 1);
    v.linked = frame;
    if (held > 0) return;
    for (const link of frame.links) {
      if (link.ls) this.overrides.registerListenerSet(link.ls[0], link.ls[1], link.ls[2], link.ls[3], 1);
      this.overrides.add(link.scope, frame.scope, 1);
    }
  }

  private releaseRouteLinks(v: Visit): void {
    const frame = v.linked;
    if (frame === null) return;
    v.linked = null;
    const held = (this.routeLinkHolders.get(frame) ?? 0) - 1;
    if (held > 0) {
      this.routeLinkHolders.set(frame, held);
      return;
    }
    this.routeLinkHolders.delete(frame);
    for (const link of frame.links) {
      if (link.ls) this.overrides.registerListenerSet(link.ls[0], link.ls[1], link.ls[2], link.ls[3], -1);
      this.overrides.add(link.scope, frame.scope, -1);
    }
  }

  private withdraw(v: Visit, graphGateways: Set<string>): void {
    if (v.linked) for (const link of v.linked.links) graphGateways.add(this.gatewayOfScope(link.scope));
    this.releaseRouteLinks(v);
    for (const e of v.edges) {
      (e.graph === 'o' ? this.overrides : this.merged).add(e.parent, e.child, -1);
      graphGateways.add(this.gatewayOfScope(e.parent));
    }
    for (const [lsNs, lsName, gwNs, gwName] of v.lsRegs)
      this.overrides.registerListenerSet(lsNs, lsName, gwNs, gwName, -1);
    v.edges = NONE;
    v.lsRegs = NONE;
  }

  private noteGraphGateways(v: Visit, graphGateways: Set<string>): void {
    if (v.linked) for (const link of v.linked.links) graphGateways.add(this.gatewayOfScope(link.scope));
    for (const e of v.edges) graphGateways.add(this.gatewayOfScope(e.parent));
  }

  private gatewayOfScope(s: Scope): string {
    if (s.kind === 'ListenerSet' || s.kind === 'ListenerSetListener') {
      return this.ctx.topology.listenerSets.get(`${s.namespace}/${s.name}`)?.parentGateway ?? '';
    }
    return `${s.namespace}/${s.name}`;
  }

  private edge(v: Visit, graph: 'o' | 'm', parent: Scope, child: Scope): void {
    (graph === 'o' ? this.overrides : this.merged).add(parent, child, 1);
    v.edges = pushTo(v.edges, { graph, parent, child });
  }

  private unindex(v: Visit): void {
    if (this.consultedBy) for (const k of v.consulted) this.consultedBy.get(k)?.delete(v);
    v.consulted = NONE;
    if (v.pass >= 3) {
      for (const set of this.parentVisitsByGateway.values()) set.delete(v);
    }
    if (v.pass === 2) this.routeVisitsByRoute?.get(v.routeKey)?.delete(v);
  }

  private applyVisit(v: Visit): void {
    v.ops = NONE;
    v.decision = null;
    v.claimAll = null;
    v.claimByListener = null;
    v.claimListeners = null;
    v.parentAnc = null;
    v.parentInvalid = null;
    v.parentClaim = null;
    if (v.pass <= 2) this.applyRouteVisit(v);
    else this.applyParentVisit(v);
    fitVisit(v);
  }

  /** The recorder, with its status operations going to one visit's list. */
  private to(v: Visit): KindRecorder {
    // The shared empty list is never written to: a visit's list is made on its first operation.
    if (v.ops === NONE) v.ops = [];
    this.rec.sink = v.ops;
    return this.rec;
  }

  private decide(v: Visit, verdict: TargetDecision['verdict'], reason: string, heldBy?: string): void {
    const fromSelector = v.target.selectorIndex !== null;
    v.decision =
      heldBy === undefined
        ? { policy: v.entry.id, scope: v.scope, fromSelector, verdict, reason }
        : { policy: v.entry.id, scope: v.scope, fromSelector, verdict, reason, heldBy };
  }

  /** R5.1: the decision of a visit that lost its exact scope to an earlier one. */
  private decideConflict(v: Visit): void {
    this.decide(
      v,
      'conflicted',
      `R5.1: ${v.holder} came first in processing order and already claims ${describeScope(v.scope)}`,
      v.holder!,
    );
  }

  /** The R6.1 reason of an applied route-level visit, one string per scope object. */
  private appliedReason(s: Scope): string {
    let r = this.appliedReasons.get(s);
    if (r === undefined) {
      r = `R6.1: claims ${describeScope(s)} at every point not already claimed by a more specific policy`;
      this.appliedReasons.set(s, r);
    }
    return r;
  }

  private conflictMessage(word: string, target: string): string {
    return `Unable to target ${word} ${target}, another ${this.kind} has already attached to it`;
  }

  /** Route-level target: ancestors and graph writes (R8.2, R8.7), then apply (R6/R7). */
  private applyRouteVisit(v: Visit): void {
    const { topology, profile } = this.ctx;
    const kp = this.rec.kp;
    const t = v.target;
    const p = v.obj;
    const pid = v.entry.id;
    if (v.pass === 2 && this.routeVisitsByRoute) addTo(this.routeVisitsByRoute, v.routeKey, v);
    if (v.outcome === 'notFound') {
      this.decide(v, 'notFound', notFoundReason(t));
      return;
    }
    const route = this.routeOf(v)!;

    // R8.2 ancestors and R8.7 step 1 graph writes, before the error check (R5.2).
    const frame = this.routeFrameOf(route);
    const { ancestors, parentRefs } = frame;
    const routeScope = frame.scope;
    this.holdRouteLinks(v, frame);

    if (v.outcome === 'targetNotFound') {
      const message = `No section name ${t.sectionName} found for ${t.kind} ${t.namespace}/${t.name}`;
      this.to(v).set(p, ancestors, 'Accepted', 'False', 'TargetNotFound', message);
      this.decide(v, 'targetNotFound', `R5.3: ${message}`);
      return;
    }
    if (v.outcome === 'conflicted') {
      const message =
        t.sectionName !== null
          ? this.conflictMessage('RouteRule', `${t.name}/${t.sectionName}`)
          : this.conflictMessage(t.kind, t.name);
      this.to(v).set(p, ancestors, 'Accepted', 'False', 'Conflicted', message);
      this.decideConflict(v);
      return;
    }

    // R6.4 / R7.9: a SecurityPolicy is validated before anything else (TCPRoute: authorization only).
    if (this.kind === 'SecurityPolicy') {
      const tcp = t.kind === 'TCPRoute';
      const spErr = tcp ? securityPolicyTcpError(p.object) : securityPolicyError(p.object);
      if (spErr !== null) {
        const prefix = tcp ? 'invalid SecurityPolicy for TCP route' : 'invalid SecurityPolicy';
        this.to(v).set(p, ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(`${prefix}: ${spErr}`));
        this.decide(v, 'invalid', `${tcp ? 'R6.4' : 'R7.9'}: ${spErr}`);
        return;
      }
    }

    const mergeType = p.object.spec?.mergeType;
    let anyMerged = false;
    let anyInvalid = false;
    if (mergeType === undefined || mergeType === null || !kp.mergeType) {
      // R6.5: a feature error is Invalid on every ancestor; BTP/EEP then leave the routes unclaimed.
      // Envoy Gateway translates one GatewayClass at a time: a route whose parents are Gateways of
      // several classes gets each class's errors on that class's ancestors and points only.
      const groups = this.perGatewayChecks ? parentRefsByClass(topology, frame) : null;
      if (groups === null) {
        const ferr = this.routeFeatureErrors(v, route, parentRefs, p.object);
        if (ferr !== null) {
          this.to(v).set(p, ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
          anyInvalid = true;
        }
        v.claimAll = {
          policy: pid,
          mode: 'replace',
          scope: v.scope,
          failed: ferr !== null,
          object: p.object,
        };
      } else {
        v.claimByListener = new Map();
        for (const g of groups) {
          const ferr = this.routeFeatureErrors(v, route, g.parentRefs, p.object);
          if (ferr !== null) {
            this.to(v).set(p, g.ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
            anyInvalid = true;
          }
          const claim: Claim = {
            policy: pid,
            mode: 'replace',
            scope: v.scope,
            failed: ferr !== null,
            object: p.object,
          };
          for (const pr of g.parentRefs) for (const lk of pr.listeners) v.claimByListener.set(lk, claim);
        }
      }
    } else {
      v.claimByListener = new Map();
      // R7.2: one parent per listener, no chaining; rule policies skip route policies.
      for (const pr of parentRefs) {
        // R7.2: EG iterates RouteParentContext.listeners, before the hostname check.
        for (const lk of pr.allowedListeners) {
          const l = topology.listeners.get(lk);
          if (!l) continue;
          // R7.2: the closest parent per listener, from its parent-map keys (most specific first).
          const link = listenerLinkOf(l);
          const found = this.consult(v, link.keys);
          const parent: Entry | undefined = found?.entry;
          const parentScope: Scope | undefined = found ? link.scopes[found.at] : undefined;
          if (!parent || !parentScope) {
            // R7.3: no parent ⇒ the route policy alone, on this listener only.
            const ferr = this.featureError(p.object, p.object, null);
            if (ferr !== null) {
              this.to(v).set(p, link.ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
              anyInvalid = true;
            }
            v.claimByListener.set(lk, {
              policy: pid,
              mode: 'replace',
              scope: v.scope,
              failed: ferr !== null,
              object: p.object,
            });
            continue;
          }
          const parentObj = parent.resource.object;
          if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') {
            // utils.Merge rejects any other value (R1.5: CEL forbids Replace in a cluster).
            const inner = `unsupported merge type: ${asText(mergeType)}`;
            const msg =
              this.kind === 'BackendTrafficPolicy'
                ? conditionMessage(`error merging policies: ${inner}`)
                : `error merging policies: ${inner}`;
            this.to(v).set(p, link.ancestors, 'Accepted', 'False', 'Invalid', msg);
            anyInvalid = true;
            continue;
          }
          // R7.5: the merge itself (through the hook when given; see ResolveOptions.merge).
          let mergedPolicy: Policy;
          if (!this.ctx.merge) mergedPolicy = mergedSpecView(p.object, parentObj);
          else {
            const res = this.ctx.merge(parentObj, p.object, mergeType as 'StrategicMerge' | 'JSONMerge');
            if (!res.ok) {
              // R7.10: BTP capitalises via Error2ConditionMsg; SP/EEP print the raw text.
              const text = `error merging policies: ${res.error}`;
              this.to(v).set(
                p,
                link.ancestors,
                'Accepted',
                'False',
                'Invalid',
                this.kind === 'BackendTrafficPolicy' ? conditionMessage(text) : text,
              );
              anyInvalid = true;
              continue;
            }
            let m = this.mergedObjects.get(res.merged);
            if (!m || m.metadata !== p.object.metadata) {
              m = { ...p.object, spec: (res.merged.spec ?? {}) as Policy['spec'] } as Policy;
              this.mergedObjects.set(res.merged, m);
            }
            mergedPolicy = m;
          }
          if (this.kind === 'SecurityPolicy') {
            // R7.9: the merged policy is validated again (it can break rules each side kept).
            const mergedErr =
              t.kind === 'TCPRoute'
                ? securityPolicyTcpError(mergedPolicy)
                : securityPolicyError(mergedPolicy);
            if (mergedErr !== null) {
              this.to(v).set(p, link.ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(mergedErr));
              anyInvalid = true;
              continue;
            }
          }
          // R7.7: references in the merged policy resolve in the namespace of the field's owner.
          const ferr = this.featureError(mergedPolicy, p.object, parentObj);
          v.claimByListener.set(lk, {
            policy: pid,
            mode: mergeType as PointMode,
            scope: v.scope,
            parent: { policy: parent.id, scope: parentScope },
            failed: ferr !== null,
            object: mergedPolicy,
          });
          if (ferr !== null) {
            // R7.10: the listener's ancestor gets Invalid; no Merged, nothing recorded as merged.
            this.to(v).set(p, link.ancestors, 'Accepted', 'False', 'Invalid', conditionMessage(ferr));
            anyInvalid = true;
            continue;
          }
          this.edge(v, 'm', parentScope, routeScope);
          anyMerged = true;
          const pr2 = parent.resource;
          this.to(v).set(
            p,
            link.ancestors,
            'Merged',
            'True',
            'Merged',
            profile.messages.mergedWith(pr2.namespace, pr2.name),
          );
        }
      }
    }

    const rec = this.to(v);
    rec.accepted(p, ancestors);
    rec.deprecated(p, ancestors);
    this.decide(
      v,
      anyInvalid ? 'invalid' : anyMerged ? 'merged' : 'applied',
      anyInvalid
        ? 'R6.5: a feature of the policy failed to translate (see its status); Envoy Gateway answers 500 on the affected routes'
        : anyMerged
          ? `R7.2: merged (${asText(mergeType)}) with the closest parent policy per listener; parents are not chained`
          : this.appliedReason(v.scope),
    );

    // R8.6: a whole-route policy is Overridden by rules claimed by rule policies.
    if (t.sectionName === null) {
      const names = this.claimedRules(route);
      if (names.length > 0) {
        this.to(v).set(
          p,
          ancestors,
          'Overridden',
          'True',
          'Overridden',
          profile.messages.overriddenByRules(kp.ruleOverrideNoun, names),
        );
      }
    }
  }

  /**
   * What a route's managed parentRefs contribute to every visit on it (R8.2, R8.7 step 1): the
   * ancestorRefs (duplicates once), the parentRefs with a parent, and their links. Cached per
   * route node; the lists are shared by the status operations, which never modify them.
   */
  private routeFrameOf(route: RouteNode): RouteFrame {
    const hit = ROUTE_FRAMES.get(route);
    if (hit) return hit;
    const ancestors: AncestorRef[] = [];
    const parentRefs: RouteNode['parentRefs'][number][] = [];
    const links: ParentLink[] = [];
    for (const pr of route.parentRefs) {
      if (!pr.managed) continue;
      const link = this.parentLinkOf(pr);
      if (!link) continue; // §11.10: a missing ListenerSet is skipped for ancestors.
      links.push(link);
      pushUnique(ancestors, link.ancestor);
      parentRefs.push(pr);
    }
    const frame: RouteFrame = { ancestors, parentRefs, links, scope: routeScopeOf(route) };
    ROUTE_FRAMES.set(route, frame);
    return frame;
  }

  /**
   * What a managed parentRef contributes (R8.2, R8.7 step 1): the parent scope the route is
   * recorded under, the ancestorRef, and for a ListenerSet its containment in the parent Gateway;
   * null for kinds other than Gateway and ListenerSet, or a missing ListenerSet. Cached per node.
   */
  private parentLinkOf(
    pr: RouteNode['parentRefs'][number],
  ): { scope: Scope; ancestor: AncestorRef; ls: readonly [string, string, string, string] | null } | null {
    const hit = PARENT_LINKS.get(pr);
    if (hit !== undefined) return hit;
    let link: {
      scope: Scope;
      ancestor: AncestorRef;
      ls: readonly [string, string, string, string] | null;
    } | null = null;
    if (pr.kind === 'Gateway') {
      link = {
        scope:
          pr.sectionName !== null
            ? scope('GatewayListener', pr.namespace, pr.name, pr.sectionName)
            : scope('Gateway', pr.namespace, pr.name),
        ancestor: ancestorRef('Gateway', pr.namespace, pr.name, pr.sectionName),
        ls: null,
      };
    } else if (pr.kind === 'ListenerSet') {
      const ls = this.ctx.topology.listenerSets.get(`${pr.namespace}/${pr.name}`);
      if (ls) {
        const [gwNs, gwName] = splitKey(ls.parentGateway);
        link = {
          scope:
            pr.sectionName !== null
              ? scope('ListenerSetListener', pr.namespace, pr.name, pr.sectionName)
              : scope('ListenerSet', pr.namespace, pr.name),
          ancestor: ancestorRef('ListenerSet', pr.namespace, pr.name, pr.sectionName),
          ls: [ls.namespace, ls.name, gwNs, gwName],
        };
      }
    }
    PARENT_LINKS.set(pr, link);
    return link;
  }

  /** The route a route-pass visit targets (relevant or not), looked up once. */
  private routeOf(v: Visit): RouteNode | null {
    if (v.route === undefined) v.route = this.ctx.topology.routes.get(v.routeKey) ?? null;
    return v.route;
  }

  /** R4.1 lookup in order; remembers the keys consulted so a parent-map change re-runs this visit. */
  private consult(v: Visit, keys: readonly string[]): { at: number; entry: Entry } | undefined {
    for (let at = 0; at < keys.length; at++) {
      const k = keys[at]!;
      v.consulted = pushTo(v.consulted, k);
      if (this.consultedBy) addTo(this.consultedBy, k, v);
      const e = this.parentMap.get(k);
      if (e) return { at, entry: e };
    }
    return undefined;
  }

  /** Rule names of a route successfully claimed by rule visits (R8.6), sorted; cached per route. */
  private claimedRules(route: RouteNode): readonly string[] {
    const routeKey = route.key;
    if (!this.routesWithRuleVisits.has(routeKey)) return NO_RULES;
    const hit = this.ruleClaims.get(routeKey);
    if (hit) return hit;
    let names: string[] | null = null;
    for (const [name, key] of ruleScopeKeysOf(route)) {
      const list = this.byScope.get(key);
      if (list === undefined) continue;
      for (const x of list) {
        if (x.outcome !== 'ok') continue;
        if (names === null) names = [];
        names.push(name);
        break;
      }
    }
    const sorted =
      names === null ? NO_RULES : [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.ruleClaims.set(routeKey, sorted);
    return sorted;
  }

  /** ListenerSet / Gateway scoped targets (passes 3–6): all but the message steps. */
  private applyParentVisit(v: Visit): void {
    const topology = this.ctx.topology;
    const t = v.target;
    const p = v.obj;
    const isLs = v.pass <= 4;
    if (v.outcome === 'notFound') {
      const ls = isLs ? topology.listenerSets.get(`${t.namespace}/${t.name}`) : undefined;
      this.decide(
        v,
        'notFound',
        isLs && ls
          ? `R3.4: the parent Gateway ${ls.parentGateway} of ListenerSet ${ls.key} is not accepted`
          : notFoundReason(t),
      );
      return;
    }
    const gwKey = isLs
      ? topology.listenerSets.get(`${t.namespace}/${t.name}`)!.parentGateway
      : `${t.namespace}/${t.name}`;
    let set = this.parentVisitsByGateway.get(gwKey);
    if (!set) {
      set = new Set();
      this.parentVisitsByGateway.set(gwKey, set);
    }
    set.add(v);
    const anc = [ancestorRef(isLs ? 'ListenerSet' : 'Gateway', t.namespace, t.name, t.sectionName)];
    if (v.outcome === 'targetNotFound') {
      const message = `No section name ${t.sectionName} found for ${isLs ? 'ListenerSet' : 'Gateway'} ${t.namespace}/${t.name}`;
      this.to(v).set(p, anc, 'Accepted', 'False', 'TargetNotFound', message);
      this.decide(v, 'targetNotFound', `R5.3: ${message}`);
      return;
    }
    if (v.outcome === 'conflicted') {
      let message: string;
      if (t.sectionName === null) message = this.conflictMessage(isLs ? 'ListenerSet' : 'Gateway', t.name);
      else if (!isLs && this.rec.kp.listenerConflictWithNamespace) {
        // R5.4: only BTP's Gateway-listener message carries the Gateway namespace.
        message = this.conflictMessage('Listener', `${t.namespace}/${t.name}/${t.sectionName}`);
      } else message = this.conflictMessage('Listener', `${t.name}/${t.sectionName}`);
      this.to(v).set(p, anc, 'Accepted', 'False', 'Conflicted', message);
      this.decideConflict(v);
      return;
    }
    const [gwNs, gwName] = splitKey(gwKey);
    if (isLs) {
      if (t.sectionName !== null) {
        this.overrides.registerListenerSet(t.namespace, t.name, gwNs, gwName, 1);
        v.lsRegs = pushTo(v.lsRegs, [t.namespace, t.name, gwNs, gwName] as const);
        this.edge(v, 'o', scope('ListenerSet', t.namespace, t.name), v.scope);
      } else {
        this.edge(v, 'o', scope('Gateway', gwNs, gwName), v.scope);
      }
    } else if (t.sectionName !== null) {
      this.edge(v, 'o', scope('Gateway', gwNs, gwName), v.scope);
    }
    // R4.3: a listener policy covers the Gateway's own listener; a Gateway-wide one every listener.
    const gw = topology.gateways.get(gwKey)!;
    const lsKey = `${t.namespace}/${t.name}`;
    v.claimListeners = new Set(
      gw.listeners.filter((lk) => {
        const l = topology.listeners.get(lk);
        if (!l) return false;
        if (isLs) return l.listenerSet === lsKey && (t.sectionName === null || l.name === t.sectionName);
        return t.sectionName === null || (l.listenerSet === null && l.name === t.sectionName);
      }),
    );
    v.parentInvalid = this.featureError(p.object, p.object, null, 'gateway', undefined, gwKey);
    if (this.kind === 'SecurityPolicy') {
      // The GeoIP check runs per target HTTP listener, after the other features.
      const http: ListenerNode[] = [];
      for (const lk of gw.listeners) {
        const l = v.claimListeners.has(lk) ? topology.listeners.get(lk) : undefined;
        if (l && isHttpListener(l)) http.push(l);
      }
      v.parentInvalid = joinErrors(v.parentInvalid, this.geoErrors(p.object, http));
    }
    v.parentAnc = anc;
    if (v.parentInvalid !== null) {
      this.decide(
        v,
        'invalid',
        this.kind === 'SecurityPolicy'
          ? `R6.5: a feature failed to translate (see its status); the SecurityPolicy still claims every point of ${describeScope(v.scope)} not already claimed by a more specific policy, and Envoy Gateway answers those requests with an error`
          : `R6.5: a feature failed to translate (see its status); the points of ${describeScope(v.scope)} are left unclaimed and Envoy Gateway answers 500 on the affected routes`,
      );
    } else {
      this.decide(
        v,
        'applied',
        `R6.1: claims every point of ${describeScope(v.scope)} not already claimed by a more specific policy`,
      );
    }
  }

  /** R8.5 / R8.7: the parent-side condition sequence, reading the final graphs. */
  private finishParentVisit(v: Visit): void {
    if (v.parentAnc === null) return;
    // Keep the resolve part (none for an ok visit) and rebuild the steps.
    v.ops = NONE;
    const p = v.obj;
    const anc = v.parentAnc;
    const own = v.scope;
    const kp = this.rec.kp;
    const profile = this.ctx.profile;
    const m = this.merged.directChildren(own);
    const o = this.overrides.withDescendants(own);
    for (const k of m.keys()) o.delete(k);
    const routesOnly = !profile.scopeGraphMessages;
    const steps = v.pass <= 4 ? kp.listenerSetSteps : kp.gatewaySteps;
    const r = this.to(v);
    for (const step of steps) {
      if (step === 'invalid' && v.parentInvalid !== null)
        r.set(p, anc, 'Accepted', 'False', 'Invalid', conditionMessage(v.parentInvalid));
      else if (step === 'accepted') r.accepted(p, anc);
      else if (step === 'warning') r.deprecated(p, anc);
      else if (step === 'merged' && m.size > 0) {
        const text = formatScopes(m.values(), routesOnly);
        if (text !== '')
          r.set(p, anc, 'Merged', 'True', 'Merged', profile.messages.beingMerged(kp.plural, text));
      } else if (step === 'overridden' && o.size > 0) {
        const text = formatScopes(o.values(), routesOnly);
        if (text !== '')
          r.set(
            p,
            anc,
            'Overridden',
            'True',
            'Overridden',
            profile.messages.beingOverridden(kp.plural, text),
          );
      }
    }
    v.ops = rightSized(v.ops);
  }

  /**
   * SecurityPolicy GeoIP authorization (`validateAuthorizationGeoIP`): validated once per listener
   * with the client IP detection the ClientTrafficPolicy translated for it wrote to the listener,
   * and the Gateway's EnvoyProxy; each failure is an `Authorization: …` error.
   */
  private geoErrors(policy: Policy, listeners: readonly ListenerNode[]): string | null {
    if (listeners.length === 0 || !this.usesGeoLocations(policy)) return null;
    const spec = (policy.spec ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    for (const l of listeners) {
      const proxy = gatewayEnvoyProxySpec(this.ctx.topology, l.gateway);
      const err = authorizationGeoIPError(spec, proxy, this.ctx.clientIPDetection(l.key));
      if (err !== null) errors.push(`Authorization: ${err}`);
    }
    return errors.length === 0 ? null : errors.join('\n');
  }

  /** Whether a SecurityPolicy's authorization matches on `clientIPGeoLocations` (once per object). */
  private usesGeoLocations(policy: Policy): boolean {
    let uses = this.geoUse.get(policy);
    if (uses === undefined) {
      // Without client IP detection the check fails exactly when some rule uses GeoIP.
      uses = authorizationGeoIPError((policy.spec ?? {}) as Record<string, unknown>, null, null) !== null;
      this.geoUse.set(policy, uses);
    }
    return uses;
  }

  /**
   * The listeners a route-level SecurityPolicy validates GeoIP on: per managed parentRef, each of
   * its listeners (`RouteParentContext.listeners`) that is an HTTP listener holding routes of this
   * route, when the policy sets at least one of them (rules a rule policy took are skipped).
   */
  private routeGeoListeners(
    v: Visit,
    route: RouteNode,
    parentRefs: readonly RouteNode['parentRefs'][number][],
  ): ListenerNode[] {
    if (!this.usesGeoLocations(v.obj.object)) return [];
    if (v.pass === 2) {
      const claimed = this.claimedRules(route);
      if (!route.rules.some((r) => r.name === null || !claimed.includes(r.name))) return [];
    }
    const out: ListenerNode[] = [];
    for (const pr of parentRefs) {
      for (const lk of pr.allowedListeners) {
        const l = this.ctx.topology.listeners.get(lk);
        if (l && isHttpListener(l) && pr.listeners.includes(lk)) out.push(l);
      }
    }
    return out;
  }

  /** R6.5: the feature translation error of a policy (or merged policy), owners per R7.7. */
  private featureError(
    policy: Policy,
    route: Policy,
    parent: Policy | null,
    target: 'route' | 'gateway' = 'route',
    scope?: 'policy' | 'gateway',
    gateway?: string,
  ): string | null {
    // A policy object is checked once per form: its own features (parent null), or one merge
    // result, which belongs to one (parent, route) pair (merged objects are memoised per pair);
    // per target form, feature group and Gateway.
    let forms = this.featureErrorCache.get(policy);
    if (!forms) {
      forms = [];
      this.featureErrorCache.set(policy, forms);
    }
    // A slot per (target form, feature group): the result when no Gateway is named, else a map
    // of results by Gateway key (in the slot six places further on).
    const form = (target === 'route' ? 0 : 3) + (scope === undefined ? 0 : scope === 'policy' ? 1 : 2);
    let byGateway: Map<string, string | null> | undefined;
    let gatewaySlot = '';
    if (gateway === undefined) {
      const hit = forms[form] as string | null | undefined;
      if (hit !== undefined) return hit;
    } else {
      // A kind with no per-Gateway feature builds nothing per parentRef's Gateway.
      if (scope === 'gateway' && !this.perGatewayChecks) return null;
      byGateway = forms[form + 6] as Map<string, string | null> | undefined;
      if (!byGateway) {
        byGateway = new Map();
        forms[form + 6] = byGateway;
      }
      // One answer serves every Gateway unless a check reads the Gateway (DynamicModule).
      gatewaySlot = featureErrorsDependOnGateway(this.kind, policy) ? gateway : '';
      const hit = byGateway.get(gatewaySlot);
      if (hit !== undefined) return hit;
    }
    const routeSpec = (route.spec ?? {}) as Record<string, unknown>;
    const routeNs = route.metadata.namespace ?? '';
    const parentNs = parent?.metadata.namespace ?? routeNs;
    const err = featureErrors(this.kind, policy, {
      topology: this.ctx.topology,
      ownerNamespace: (field) => (parent === null || routeSpec[field] !== undefined ? routeNs : parentNs),
      target,
      ...(scope === undefined ? {} : { scope }),
      ...(gateway === undefined ? {} : { gateway }),
    });
    if (byGateway && gateway !== undefined) byGateway.set(gatewaySlot, err);
    else forms[form] = err;
    return err;
  }

  /**
   * The feature errors of a route-level policy (not merged), in Envoy Gateway's order: the
   * features built once, then per processed parentRef the ones built for its Gateway, and for a
   * SecurityPolicy the GeoIP check on that parentRef's listeners.
   */
  private routeFeatureErrors(
    v: Visit,
    route: RouteNode,
    parentRefs: readonly RouteNode['parentRefs'][number][],
    policy: Policy,
  ): string | null {
    let err = this.featureError(policy, policy, null, 'route', 'policy');
    const geo = this.kind === 'SecurityPolicy' && (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute');
    for (const pr of parentRefs) {
      if (pr.gateway === null) continue;
      err = joinErrors(err, this.featureError(policy, policy, null, 'route', 'gateway', pr.gateway));
      if (geo) err = joinErrors(err, this.geoErrors(policy, this.routeGeoListeners(v, route, [pr])));
    }
    return err;
  }

  // -------------------------------------------------------------------------------------------
  // R6: claims per point

  /** The points a visit's claims cover (before or after it changed). */
  private collectPoints(v: Visit, out: Set<number>): void {
    const points = this.ctx.points;
    if (v.pass <= 2) {
      if (!v.claimAll && !v.claimByListener) return;
      for (const id of points.byRoute.get(v.routeKey) ?? []) out.add(id);
    } else if (v.claimListeners) {
      for (const lk of v.claimListeners) for (const id of points.byListener.get(lk) ?? []) out.add(id);
    }
  }

  /** The visits covering a point, in processing order (R4.3 scopes of the point). */
  private coveringVisits(id: number): Visit[] {
    const P = this.ctx.points;
    const route = P.route[id] ?? null;
    if (route === null) return [];
    const topology = this.ctx.topology;
    const keys = [`R|${route}`];
    const ruleName = P.ruleName[id] ?? null;
    if (ruleName !== null) keys.unshift(`RR|${route}|${ruleName}`);
    const l = topology.listeners.get(P.listener[id]!);
    if (l?.listenerSet) keys.push(`LL|${l.listenerSet}|${l.name}`, `L|${l.listenerSet}`);
    else if (l) keys.push(`GL|${l.gateway}|${l.name}`);
    keys.push(`G|${P.gateway[id]!}`);
    const out: Visit[] = [];
    for (const k of keys) for (const v of this.byScope.get(k) ?? []) out.push(v);
    return out.sort(compareVisits);
  }

  private claimAt(v: Visit, id: number): Claim | null {
    const P = this.ctx.points;
    if (v.pass <= 2) {
      if (v.target.sectionName !== null && P.ruleName[id] !== v.target.sectionName) return null;
      if (v.claimAll) return v.claimAll;
      return v.claimByListener?.get(P.listener[id]!) ?? null;
    }
    if (v.claimListeners?.has(P.listener[id]!)) {
      return {
        policy: v.entry.id,
        mode: 'replace',
        scope: v.scope,
        failed: v.parentInvalid !== null,
        object: v.obj.object,
      };
    }
    return null;
  }

  /** First writer wins per point (R6.1), per field on TCP/UDP (R6.3, R6.4): one point from its covering visits. */
  private computePoint(id: number): void {
    const family = this.ctx.points.family[id]!;
    if (family === 'listener' || (family !== 'http' && this.kind === 'EnvoyExtensionPolicy')) return;
    const acc: PointAcc = { claim: null, fields: null, touched: null, done: false };
    for (const v of this.coveringVisits(id)) {
      const c = this.claimAt(v, id);
      if (c) this.offer(acc, family, v, c);
      if (acc.done) break;
    }
    this.settle(id, acc);
  }

  /** The same for every point at once, sweeping the visits in order (the full run). */
  private sweepClaims(all: readonly Visit[]): void {
    const points = this.ctx.points;
    const table = new DenseTable(points.size);
    this.pointPolicies = table;
    // HTTP points are settled by their first claim (R6.1): a flag per point, no accumulator.
    const httpDone = new Uint8Array(points.size);
    const canFail = this.kind !== 'SecurityPolicy';
    const accs: (PointAcc | undefined)[] = new Array(points.size);
    const family = points.family;
    const touch = (id: number, v: Visit, c: Claim): void => {
      const f = family[id]!;
      if (f === 'http') {
        if (httpDone[id] === 1) return;
        // R6.5: a BTP or EEP whose features failed leaves the route unclaimed (500); a failed SP still claims it.
        if (c.failed && canFail) return;
        httpDone[id] = 1;
        table.set(id, this.sharedHttpPolicy(c));
        return;
      }
      if (f === 'listener' || this.kind === 'EnvoyExtensionPolicy') return;
      let acc = accs[id];
      if (!acc) {
        acc = { claim: null, fields: null, touched: null, done: false };
        accs[id] = acc;
      }
      if (!acc.done) this.offer(acc, f, v, c);
    };
    for (const v of all) {
      if (v.pass <= 2) {
        if (!v.claimAll && !v.claimByListener) continue;
        const section = v.target.sectionName;
        for (const id of points.byRoute.get(v.routeKey) ?? []) {
          if (section !== null && points.ruleName[id] !== section) continue;
          const c = v.claimAll ?? v.claimByListener?.get(points.listener[id]!);
          if (c) touch(id, v, c);
        }
      } else if (v.claimListeners) {
        const c = this.parentClaim(v);
        for (const lk of v.claimListeners) for (const id of points.byListener.get(lk) ?? []) touch(id, v, c);
      }
    }
    accs.forEach((acc, id) => {
      if (acc) this.settle(id, acc);
    });
  }

  /** Every HTTP point a claim wins shares one (immutable) point policy. */
  private sharedHttpPolicy(c: Claim): PointPolicy {
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

  /** The claim of a Gateway / ListenerSet scoped visit, one object per visit. */
  private parentClaim(v: Visit): Claim {
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
  private offer(acc: PointAcc, family: Point['family'], v: Visit, c: Claim): void {
    if (family === 'http') {
      // R6.5: a BTP or EEP whose features failed leaves the route unclaimed (500); a failed SP still claims it.
      if (c.failed && this.kind !== 'SecurityPolicy') return;
      acc.claim = c;
      acc.done = true;
      return;
    }
    const spec = (c.object.spec ?? {}) as Record<string, unknown>;
    if (this.kind === 'BackendTrafficPolicy') {
      const list = family === 'udp' ? BTP_UDP_FIELDS : v.pass <= 2 ? BTP_TCP_FIELDS : BTP_TCP_FIELDS_GATEWAY;
      acc.fields ??= {};
      // Recorded by spec field (IR backendConnection is the spec's `connection`).
      for (const [, f] of list) if (acc.fields[f] === undefined && isSet(spec[f])) acc.fields[f] = c.policy;
      // R6.3 with R7.2: a merged route policy's features are built from the merged policy, then
      // set field by field (setIfNil) like any other's.
      if (c.parent !== undefined && acc.merged === undefined) acc.merged = c;
      if (family === 'tcp') {
        acc.touched ??= [];
        acc.touched.push(c.policy);
      }
    } else if (this.kind === 'SecurityPolicy' && family === 'tcp') {
      // R6.4: only authorization, with its own claim marker.
      acc.fields ??= {};
      if (acc.fields.authorization === undefined && isSet(spec.authorization)) {
        acc.fields.authorization = c.policy;
        acc.claim ??= { ...c, mode: c.mode === 'replace' ? 'fieldFallback' : c.mode, shared: undefined };
      }
    }
  }

  private settle(id: number, acc: PointAcc): void {
    const c = acc.claim;
    if (c) {
      if (this.ctx.points.family[id] === 'http') {
        this.pointPolicies.set(id, this.sharedHttpPolicy(c));
        return;
      }
      this.pointPolicies.set(id, {
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
      if (applied.length > 0)
        this.pointPolicies.set(id, {
          applied,
          mode: 'fieldFallback',
          scopeKind: 'Route',
          fields,
          ...(m?.parent && applied.includes(m.policy)
            ? {
                parent: m.parent,
                merge: { policy: m.policy, mode: m.mode as 'StrategicMerge' | 'JSONMerge' },
              }
            : {}),
        });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Output

  private result(all: readonly Visit[], pointPolicies?: PointTable): EngineResult {
    const processed: string[] = [];
    const processedResources: Resource<Policy>[] = [];
    const seen = new Set<string>();
    const ops: StatusOp[] = [];
    const decisions: TargetDecision[] = [];
    for (const v of all) {
      // R4.4: output order is the order of first classification.
      if (!seen.has(v.entry.id)) {
        seen.add(v.entry.id);
        processed.push(v.entry.id);
        processedResources.push(v.obj);
      }
      for (const op of v.ops) ops.push(op);
      if (v.decision) decisions.push(v.decision);
    }
    return {
      processed,
      processedResources,
      ops,
      decisions,
      // A full run hands over its map (read once by the caller, before any update).
      pointPolicies: pointPolicies ?? this.pointPolicies,
    };
  }
}

// ---------------------------------------------------------------------------------------------

const NO_RULES: readonly string[] = [];

/** A point table backed by an array indexed by point id. */
class DenseTable implements PointTable {
  private readonly items: (PointPolicy | undefined)[];
  /** Sized up front: points are claimed in visit order, and a sparse array would turn into a dictionary. */
  constructor(size = 0) {
    this.items = new Array<PointPolicy | undefined>(size).fill(undefined);
  }
  get(id: number): PointPolicy | undefined {
    return this.items[id];
  }
  set(id: number, pp: PointPolicy): void {
    this.items[id] = pp;
  }
  delete(id: number): void {
    this.items[id] = undefined;
  }
}

/** Per-node caches over the immutable topology (objects, so no key strings are built). */
/** What one managed parentRef contributes: the scope the route is recorded under, its ancestorRef, a ListenerSet's containment. */
interface ParentLink {
  readonly scope: Scope;
  readonly ancestor: AncestorRef;
  readonly ls: readonly [string, string, string, string] | null;
}
const PARENT_LINKS = new WeakMap<object, ParentLink | null>();

/** See `DirectEngine.routeFrameOf`. */
interface RouteFrame {
  readonly ancestors: readonly AncestorRef[];
  readonly parentRefs: readonly RouteNode['parentRefs'][number][];
  readonly links: readonly ParentLink[];
  /** The route's scope (the child of every link's edge). */
  readonly scope: Scope;
}
const ROUTE_FRAMES = new WeakMap<RouteNode, RouteFrame>();

/** The named rules of a route and their rule-scope keys (`RR|route|rule`), built once per route node. */
const RULE_SCOPE_KEYS = new WeakMap<RouteNode, readonly (readonly [string, string])[]>();
function ruleScopeKeysOf(route: RouteNode): readonly (readonly [string, string])[] {
  let keys = RULE_SCOPE_KEYS.get(route);
  if (keys === undefined) {
    keys = route.rules.flatMap((r) =>
      r.name === null ? [] : [[r.name, `RR|${route.key}|${r.name}`] as const],
    );
    RULE_SCOPE_KEYS.set(route, keys);
  }
  return keys;
}
const ROUTE_SCOPES = new WeakMap<object, Scope>();

/** What a listener offers a merging route policy (R7.2): its parent-map keys in lookup order, their scopes, its ancestorRef. */
interface ListenerLink {
  readonly keys: readonly string[];
  readonly scopes: readonly Scope[];
  readonly ancestor: AncestorRef;
  /** `[ancestor]`, shared by every status operation on this listener alone. */
  readonly ancestors: readonly AncestorRef[];
}
const LISTENER_LINKS = new WeakMap<ListenerNode, ListenerLink>();

function listenerLinkOf(l: ListenerNode): ListenerLink {
  let link = LISTENER_LINKS.get(l);
  if (link) return link;
  const [gwNs, gwName] = splitKey(l.gateway);
  let ancestor: AncestorRef;
  if (l.listenerSet !== null) {
    const [lsNs, lsName] = splitKey(l.listenerSet);
    ancestor = ancestorRef('ListenerSet', lsNs, lsName, l.name);
    link = {
      keys: [`L|${l.listenerSet}|${l.name}`, `L|${l.listenerSet}|`, `G|${l.gateway}|`],
      scopes: [
        scope('ListenerSetListener', lsNs, lsName, l.name),
        scope('ListenerSet', lsNs, lsName),
        scope('Gateway', gwNs, gwName),
      ],
      ancestor,
      ancestors: [ancestor],
    };
  } else {
    ancestor = ancestorRef('Gateway', gwNs, gwName, l.name);
    link = {
      keys: [`G|${l.gateway}|${l.name}`, `G|${l.gateway}|`],
      scopes: [scope('GatewayListener', gwNs, gwName, l.name), scope('Gateway', gwNs, gwName)],
      ancestor,
      ancestors: [ancestor],
    };
  }
  LISTENER_LINKS.set(l, link);
  return link;
}

function routeScopeOf(route: RouteNode): Scope {
  let s = ROUTE_SCOPES.get(route);
  if (!s) {
    s = scope('Route', route.namespace, route.name, '', route.kind);
    ROUTE_SCOPES.set(route, s);
  }
  return s;
}

/**
 * The empty list every visit list starts as; frozen, never written to: {@link pushTo} (and, for
 * status operations, `to`) replaces it on the first item (most visit lists stay empty or hold
 * one item).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** Adds a visit to the set of a key, creating the set. */
function addTo(index: Map<string, Set<Visit>>, key: string, v: Visit): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(v);
}

/** Appends to a visit list that may still be {@link NONE}; returns the list to keep. */
function pushTo<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  list.push(item);
  return list;
}

/**
 * A right-sized copy of a list built by `push` (a pushed-to array keeps room for 17 elements):
 * visits live as long as their resolution, and their lists are mostly of one or two items.
 */
function rightSized<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : list.slice();
}

/** The same for a list built by {@link pushTo}: empty and one-item lists are already of their size. */
function fitted<T>(list: T[]): T[] {
  return list.length <= 1 ? list : list.slice();
}

/** Right-sizes the lists one application of a visit filled. */
function fitVisit(v: Visit): void {
  v.ops = rightSized(v.ops);
  v.edges = fitted(v.edges);
  v.lsRegs = fitted(v.lsRegs);
  v.consulted = fitted(v.consulted);
}

function compareVisits(a: Visit, b: Visit): number {
  return a.pass - b.pass || a.entry.rank - b.entry.rank || a.targetPos - b.targetPos;
}

/** R3.6: which pass a target belongs to. */
function inPass(pass: number, t: TargetRef): boolean {
  switch (pass) {
    case 1:
      return t.kind !== 'Gateway' && t.sectionName !== null;
    case 2:
      return t.kind !== 'Gateway' && t.sectionName === null;
    case 3:
      return t.kind === 'ListenerSet' && t.sectionName !== null;
    case 4:
      return t.kind === 'ListenerSet' && t.sectionName === null;
    case 5:
      return t.kind === 'Gateway' && t.sectionName !== null;
    default:
      return t.kind === 'Gateway' && t.sectionName === null;
  }
}

function routeKeyOf(t: TargetRef): string {
  return `${t.kind}/${t.namespace}/${t.name}`;
}

/** The exact scope key of a target in a pass (R5.1: conflicts are per exact scope; R3.6: a ListenerSet ref is also tried as a route). */
function scopeKeyOf(pass: number, t: TargetRef): string {
  const nn = `${t.namespace}/${t.name}`;
  switch (pass) {
    case 1:
      return `RR|${routeKeyOf(t)}|${t.sectionName}`;
    case 2:
      return `R|${routeKeyOf(t)}`;
    case 3:
      return `LL|${nn}|${t.sectionName}`;
    case 4:
      return `L|${nn}`;
    case 5:
      return `GL|${nn}|${t.sectionName}`;
    default:
      return `G|${nn}`;
  }
}

function scopeOf(pass: number, t: TargetRef): Scope {
  switch (pass) {
    case 1:
      return scope('RouteRule', t.namespace, t.name, t.sectionName ?? '', t.kind);
    case 2:
      return scope('Route', t.namespace, t.name, '', t.kind);
    case 3:
      return scope('ListenerSetListener', t.namespace, t.name, t.sectionName ?? '');
    case 4:
      return scope('ListenerSet', t.namespace, t.name);
    case 5:
      return scope('GatewayListener', t.namespace, t.name, t.sectionName ?? '');
    default:
      return scope('Gateway', t.namespace, t.name);
  }
}

function lsHasListener(ls: ListenerSetNode, section: string): boolean {
  // EG validates against the ListenerSet's spec.listeners as written (R5.3).
  const listeners = ls.resource.object.spec?.listeners;
  return Array.isArray(listeners) && listeners.some((l) => l?.name === section);
}

function notFoundReason(t: TargetRef): string {
  return `R3.5: no ${t.kind} ${t.namespace}/${t.name} managed by this controller; the target is silently skipped`;
}

/** Shallow view of the spec a merged route policy would carry (top-level fields only). */
function mergedSpecView(route: Policy, parent: Policy): Policy {
  return { ...route, spec: { ...(parent.spec ?? {}), ...(route.spec ?? {}) } };
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * `validateSecurityPolicy` (R7.9): the spec-only checks Envoy Gateway makes before translating a
 * SecurityPolicy on an HTTP or GRPC route (API key sources; OIDC pass-through with JWT).
 */
function securityPolicyError(policy: Policy): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  const apiKeyAuth = spec.apiKeyAuth as { extractFrom?: unknown } | null | undefined;
  for (const src of Array.isArray(apiKeyAuth?.extractFrom) ? apiKeyAuth.extractFrom : []) {
    const n = (k: string): number => {
      const list = (src as Record<string, unknown> | null)?.[k];
      return Array.isArray(list) ? list.length : 0;
    };
    const set = [n('headers') > 0, n('params') > 0, n('cookies') > 0].filter(Boolean).length;
    if (set > 1) return 'only one of headers, params or cookies must be specified';
  }
  const oidc = spec.oidc as Record<string, unknown> | null | undefined;
  if (oidc?.passThroughAuthHeader !== true) return null;
  const jwt = spec.jwt as { providers?: unknown } | null | undefined;
  if (!isSet(jwt))
    return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings';
  const providers = (Array.isArray(jwt?.providers) ? jwt.providers : []) as Array<Record<
    string,
    unknown
  > | null>;
  const headersOf = (p: Record<string, unknown> | null): Array<{ name?: unknown }> | null => {
    const ef = p?.extractFrom as { headers?: unknown } | null | undefined;
    if (!isSet(ef)) return null;
    return Array.isArray(ef?.headers) ? (ef.headers as Array<{ name?: unknown }>) : [];
  };
  if (!providers.some((p) => headersOf(p) === null || headersOf(p)!.length > 0)) {
    return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is configured to read from a header';
  }
  const forward = oidc.forwardIDToken as { header?: unknown } | null | undefined;
  if (isSet(forward)) {
    const fwd = asText(forward?.header);
    for (const p of providers) {
      const headers = headersOf(p);
      if (headers === null) {
        if (fwd.toLowerCase() === 'authorization') {
          return `the OIDC.ForwardIDToken header ${JSON.stringify(fwd)} cannot be the Authorization header when passThroughAuthHeader is enabled and a JWT provider reads from it`;
        }
        continue;
      }
      for (const h of headers) {
        if (fwd.toLowerCase() === asText(h?.name).toLowerCase()) {
          return `the OIDC.ForwardIDToken header ${JSON.stringify(fwd)} cannot be the same as a JWT provider extractFrom header when passThroughAuthHeader is enabled`;
        }
      }
    }
  }
  return null;
}

/** `validateSecurityPolicyForTCP` (R6.4): the first problem, or null. */
function securityPolicyTcpError(policy: Policy): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  for (const f of ['cors', 'csrf', 'jwt', 'oidc', 'apiKeyAuth', 'basicAuth', 'extAuth']) {
    if (isSet(spec[f])) return 'only authorization is supported for TCP (routes/listeners)';
  }
  const authz = spec.authorization as { rules?: unknown } | undefined | null;
  const rules = authz && Array.isArray(authz.rules) ? authz.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Record<string, unknown> | null;
    if (!rule) continue;
    if (isSet(rule.cel)) return `rule ${i}: CEL not supported for TCP`;
    const principal = rule.principal as Record<string, unknown> | undefined | null;
    if (!principal) continue;
    if (isSet(principal.jwt)) return `rule ${i}: JWT not supported for TCP`;
    if (Array.isArray(principal.headers) && principal.headers.length > 0)
      return `rule ${i}: headers not supported for TCP`;
    if (Array.isArray(principal.clientIPGeoLocations) && principal.clientIPGeoLocations.length > 0) {
      return `rule ${i}: clientIPGeoLocations not supported for TCP`;
    }
  }
  return null;
}

/** `Error2ConditionMsg` (R8.4): capitalise the first letter, end with a period. */
export function conditionMessage(message: string): string {
  if (message === '') return message;
  const first = message[0]!;
  let out = /\p{L}/u.test(first) ? first.toUpperCase() + message.slice(1) : message;
  if (!out.endsWith('.')) out += '.';
  return out;
}

/** Two error texts joined as `errors.Join` joins them (either may be absent). */
/**
 * A route's managed parentRefs and ancestors split by the GatewayClass of their Gateway, in the
 * runner's class order, or null when they are all of one class (the common case).
 */
function parentRefsByClass(
  topology: Topology,
  frame: RouteFrame,
): { parentRefs: RouteNode['parentRefs'][number][]; ancestors: AncestorRef[] }[] | null {
  const classOf = (pr: RouteNode['parentRefs'][number]): string =>
    (pr.gateway === null ? undefined : topology.gateways.get(pr.gateway)?.gatewayClassName) ?? '';
  const first = frame.parentRefs[0];
  if (first === undefined || frame.parentRefs.every((pr) => classOf(pr) === classOf(first))) return null;
  const groups = new Map<
    string,
    { parentRefs: RouteNode['parentRefs'][number][]; ancestors: AncestorRef[] }
  >();
  frame.parentRefs.forEach((pr, i) => {
    const c = classOf(pr);
    let g = groups.get(c);
    if (!g) {
      g = { parentRefs: [], ancestors: [] };
      groups.set(c, g);
    }
    g.parentRefs.push(pr);
    pushUnique(g.ancestors, frame.links[i]!.ancestor);
  });
  const order = [...topology.gatewayClasses.keys()];
  return [...groups.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([, g]) => g);
}

function joinErrors(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null ? a : `${a}\n${b}`;
}

/** A listener Envoy Gateway builds an HTTP IR listener for. */
function isHttpListener(l: ListenerNode): boolean {
  return l.protocol === 'HTTP' || l.protocol === 'HTTPS';
}

function pushUnique(list: AncestorRef[], a: AncestorRef): void {
  if (!list.some((b) => sameAncestorRef(a, b))) list.push(a);
}

export type { ListenerNode };
