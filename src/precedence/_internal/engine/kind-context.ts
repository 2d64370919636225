/**
 * The one explicit state of the six-pass engine for one kind over one run (as `yaml`'s compose
 * context): every rule's bookkeeping, grouped by the rule that owns it. The rule files take it as
 * their first argument; the full run fills it, an incremental update changes it, and whoever
 * holds it (a resolution state, `preview`) owns it.
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import { hasPerGatewayChecks } from '../../feature-checks.js';
import type { KindProfile } from '../../profile.js';
import type { PointPolicy } from '../../resolution-types.js';
import type { Scope } from '../../scope.js';
import { DenseTable } from '../compact/dense-table.js';
import { FormMemo } from '../compact/form-memo.js';
import { CountedScopeGraph } from '../counted-graph.js';
import type { RouteFrame } from '../links.js';
import type { RunContext } from '../run-context.js';
import { StatusRecorder } from '../status-recorder.js';
import type { DirectKind, Entry, Visit } from './visit.js';

/** R4.1: the parent maps (first valid policy per Gateway / ListenerSet scope key). */
export interface ParentMaps {
  /** Candidates per parent key, in order; the map value is the first. */
  readonly candidates: Map<string, Entry[]>;
  readonly first: Map<string, Entry>;
  /**
   * Merging route visits by the parent keys they consulted (R7.2). Only re-resolution reads it:
   * built from the visits on the first update (see `incremental-update.ts`), then kept current.
   */
  consultedBy: Map<string, Set<Visit>> | null;
}

/** R8.7: the scope graphs and who holds their edges. */
export interface ScopeGraphs {
  readonly overrides: CountedScopeGraph;
  readonly merged: CountedScopeGraph;
  /** How many visits hold each route frame's parent → route edges (see `graph-edges.ts`). */
  readonly routeLinkHolders: Map<RouteFrame, number>;
  /** Parent-level visits by the Gateway whose graph they read (ListenerSet visits under their Gateway). */
  readonly parentVisitsByGateway: Map<string, Set<Visit>>;
}

/** R8.6: which rules of a route rule policies claim. */
export interface RuleClaims {
  /** Sorted rule names per route, invalidated when a rule scope is re-resolved. */
  readonly byRoute: Map<string, readonly string[]>;
  /** Routes some rule visit targets (only those can have rule claims). */
  readonly routesWithRuleVisits: Set<string>;
  /** Whole-route visits by route key (built like `ParentMaps.consultedBy`). */
  visitsByRoute: Map<string, Set<Visit>> | null;
}

/** R6.5, R7.5: feature errors and merged objects, once per policy object. */
export interface FeatureMemos {
  /** Feature errors per checked object, per form (see `feature-errors.ts`) and Gateway. */
  readonly errors: FormMemo<string | null>;
  /** Whether a SecurityPolicy object uses GeoIP authorization. */
  readonly geoUse: WeakMap<Policy, boolean>;
  /** Merged policy objects per merge result (the merge function memoises results per pair). */
  readonly mergedObjects: WeakMap<object, Policy>;
  /** Whether the kind builds some features per processed parentRef's Gateway. */
  readonly perGatewayChecks: boolean;
}

/** The engine state of one kind. */
export interface KindContext {
  readonly run: RunContext;
  readonly kind: DirectKind;
  readonly kp: KindProfile;
  /** Where status operations are written (pointed at one visit's list at a time). */
  readonly status: StatusRecorder;
  /** The ListenerSet passes run (R4.2: the release has ListenerSets and the input holds one). */
  readonly listenerSetsExist: boolean;
  /** R4.2: the policies in processing order. */
  entries: Entry[];
  readonly entryOf: Map<Resource<Policy>, Entry>;
  /** R4.4: entries per policy id, and how many ids have more than one (identities can then move). */
  readonly identities: { readonly counts: Map<string, number>; repeated: number };
  /** R5.1: the visits of each exact scope, in processing order. */
  readonly byScope: Map<string, Visit[]>;
  readonly parents: ParentMaps;
  readonly graphs: ScopeGraphs;
  readonly rules: RuleClaims;
  readonly features: FeatureMemos;
  /** R6.1 reasons of applied route-level visits, one string per scope object. */
  readonly appliedReasons: WeakMap<Scope, string>;
  /** R6: the policy at each point. */
  claims: DenseTable<PointPolicy>;
}

/**
 * An empty engine state for one kind.
 *
 * @param run - the run
 * @param kind - the kind
 * @returns the state
 */
export function newKindContext(run: RunContext, kind: DirectKind): KindContext {
  return {
    run,
    kind,
    kp: run.profile.kinds[kind],
    status: new StatusRecorder(kind, run.profile),
    listenerSetsExist: run.profile.listenerSets && run.topology.listenerSets.size > 0,
    entries: [],
    entryOf: new Map(),
    identities: { counts: new Map(), repeated: 0 },
    byScope: new Map(),
    parents: { candidates: new Map(), first: new Map(), consultedBy: null },
    graphs: {
      overrides: new CountedScopeGraph(),
      merged: new CountedScopeGraph(),
      routeLinkHolders: new Map(),
      parentVisitsByGateway: new Map(),
    },
    rules: { byRoute: new Map(), routesWithRuleVisits: new Set(), visitsByRoute: null },
    features: {
      // Six forms: route or gateway target × all features, the once-per-policy ones, the per-Gateway ones.
      errors: new FormMemo(6),
      geoUse: new WeakMap(),
      mergedObjects: new WeakMap(),
      perGatewayChecks: hasPerGatewayChecks(kind),
    },
    appliedReasons: new WeakMap(),
    claims: new DenseTable(),
  };
}
