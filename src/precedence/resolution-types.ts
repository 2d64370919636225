/**
 * What `resolvePolicies` returns: per policy kind, the processing order, every targeting decision,
 * the ordered status operations Envoy Gateway would perform, and the policies applied at every
 * attachment point.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy, PolicyKind } from '../model/types.js';
import type { SemanticsProfile } from './profile.js';
import type { Scope, ScopeKind } from './scope.js';

/** `cluster`: creationTimestamp, then namespace, then name (R2.1). `input`: as given (R2.3). */
export type OrderMode = 'cluster' | 'input';
/** `reject`: CRD-invalid policies are reported and left out. `report`: reported but simulated. */
export type AdmissionMode = 'reject' | 'report';

/** Options of `resolvePolicies`. */
export interface ResolveOptions {
  /** Default `cluster`. */
  readonly order?: OrderMode;
  /** Default `reject`. */
  readonly admission?: AdmissionMode;
  /** A profile object or name. Default `envoy-gateway-v1.9`. */
  readonly profile?: SemanticsProfile | string;
  /**
   * The merge function used where a route policy with `mergeType` meets its parent (R7.5).
   * Default: `mergeHook` (the merge layer's `mergePolicies`), so merge errors and the merged
   * SecurityPolicy's re-validation (R7.9) show in status.
   */
  readonly merge?: MergeHook;
  /**
   * Reuse a resolution of the same graph (Gateways, listeners, routes unchanged; only policies
   * differ) for the policy kinds that did not change: their decisions, status operations and
   * point policies are taken from `base`, which must have been resolved with the same order and
   * profile. Used by `preview`.
   */
  readonly reuse?: {
    readonly base: Resolution;
    readonly changedKinds: ReadonlySet<PolicyKind>;
  };
}

/** What the merge hook returns. */
export type MergeHookResult =
  | { readonly ok: true; readonly merged: { readonly spec?: unknown } }
  | { readonly ok: false; readonly error: string };

/** A merge function: parent, route policy, mergeType → merged object or error text. */
export type MergeHook = (
  parent: unknown,
  routePolicy: unknown,
  mergeType: 'StrategicMerge' | 'JSONMerge',
) => MergeHookResult;

/** A Gateway API ancestorRef as Envoy Gateway writes it (R8.1). `sectionName` absent ≠ `''`. */
export interface AncestorRef {
  readonly group: string;
  readonly kind: 'Gateway' | 'ListenerSet';
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
}

/** One status operation, in the order Envoy Gateway performs them (R8.4, R8.5). */
export type StatusOp =
  | {
      /** Set (or overwrite in place) a condition on each ancestor, in order. */
      readonly op: 'set';
      /** `Kind/ns/name` of the policy. */
      readonly policy: string;
      readonly ancestors: readonly AncestorRef[];
      readonly type: string;
      readonly status: 'True' | 'False';
      readonly reason: string;
      readonly message: string;
    }
  | {
      /** `Accepted=True` on each ancestor that has no Accepted condition yet. */
      readonly op: 'accepted';
      readonly policy: string;
      readonly ancestors: readonly AncestorRef[];
    }
  | {
      /** A Warning, combined with an existing Warning on that ancestor (R8.4). */
      readonly op: 'warning';
      readonly policy: string;
      readonly ancestors: readonly AncestorRef[];
      readonly reason: string;
      readonly message: string;
    };

/** What happened to one target of one policy. */
export type Verdict = 'applied' | 'merged' | 'conflicted' | 'targetNotFound' | 'notFound' | 'invalid';

/** One (pass, policy, target) decision, for explain. */
export interface TargetDecision {
  /** `Kind/ns/name` of the policy. */
  readonly policy: string;
  readonly scope: Scope;
  readonly verdict: Verdict;
  /** A sentence naming the rule that decided. */
  readonly reason: string;
  /** For `conflicted`: the policy that holds the scope. */
  readonly heldBy?: string;
  /** Whether the target came from a targetSelector. */
  readonly fromSelector: boolean;
}

/** How the values at a point were combined. */
export type PointMode = 'replace' | 'StrategicMerge' | 'JSONMerge' | 'fieldFallback';

/** One policy kind's result at one point. */
export interface PointPolicy {
  /**
   * Policies (`Kind/ns/name`) whose values reach the point, most specific first (merged:
   * route/rule policy, then its parent).
   */
  readonly applied: readonly string[];
  readonly mode: PointMode;
  /** The scope of the first applied policy. */
  readonly scopeKind: ScopeKind;
  /** For `fieldFallback` (TCP/UDP BackendTrafficPolicy, TCP SecurityPolicy authorization): field → policy. */
  readonly fields?: Readonly<Record<string, string>>;
  /** For merges: the parent policy and its scope. */
  readonly parent?: { readonly policy: string; readonly scope: Scope };
  /**
   * `fieldFallback` only: a route policy with `mergeType` among the contributors. Envoy Gateway
   * builds its features from its merge with `parent`, then sets them field by field like any
   * other's (R6.3, R7.2): the fields `fields` gives to `merge.policy` hold the merged values.
   */
  readonly merge?: { readonly policy: string; readonly mode: 'StrategicMerge' | 'JSONMerge' };
  /**
   * ClientTrafficPolicy only: its features failed on this listener (status `Invalid`). Envoy
   * Gateway keeps the settings it wrote before the error: `kept` lists the spec fields the policy
   * sets among those (on an HTTP listener client IP detection, headers, path, HTTP/1, HTTP/2 when
   * valid, HTTP/3, gRPC, health check, scheme; none on a TCP listener), and `routes` says what
   * happens to the listener's routes: every one answers 500 (HTTP), or they are dropped (TCP).
   * See R9 in docs/rules.md and docs/feature-checks.md.
   */
  readonly failed?: { readonly kept: readonly string[]; readonly routes: 'answer500' | 'dropped' };
}

/** An attachment point (a route rule on a listener, or a listener for ClientTrafficPolicy). */
export interface Point {
  /** `listenerKey|routeKey|ruleIndex`, or `listenerKey` for listener points. */
  readonly key: string;
  /** `Gateway/ns/name`. */
  readonly gateway: string;
  /** Listener key (IR name). */
  readonly listener: string;
  readonly listenerName: string;
  /** `ListenerSet/ns/name`, or null. */
  readonly listenerSet: string | null;
  /** `Kind/ns/name`, or null for listener points. */
  readonly route: string | null;
  readonly ruleIndex: number | null;
  /** Rule name, or its index as a string; null for listener points. */
  readonly rule: string | null;
  /** The listener's protocol family for this point. */
  readonly family: 'http' | 'tcp' | 'udp' | 'listener';
  /** Policies per kind that reach this point. */
  readonly policies: Readonly<Partial<Record<PolicyKind, PointPolicy>>>;
}

/** One kind's resolution. */
export interface KindResolution {
  readonly kind: PolicyKind;
  /** Policy identities (`Kind/ns/name`) in Envoy Gateway's output order (R4.4 / R9.3). */
  readonly processed: readonly string[];
  /** The policy object behind each entry of `processed` (the first object handled with that identity). */
  readonly policies: readonly Resource<Policy>[];
  readonly ops: readonly StatusOp[];
  readonly decisions: readonly TargetDecision[];
}

/** What `resolvePolicies` returns. */
export interface Resolution {
  readonly topology: Topology;
  readonly order: OrderMode;
  readonly admission: AdmissionMode;
  /**
   * The profile resolved with. Its compiled CRD set (`crds`), when it has one, is a non-enumerable
   * property: `structuredClone`, JSON and deep equality skip it, so a cloned resolution no longer
   * carries it (pass `profile` again to `preview` a cloned base).
   */
  readonly profile: SemanticsProfile;
  /** Policy identities (`Kind/ns/name`) per kind, in the ordering mode's order, admitted ones only. */
  readonly ordered: Readonly<Record<PolicyKind, readonly string[]>>;
  readonly kinds: Readonly<Record<PolicyKind, KindResolution>>;
  /** Every point, Gateway input order, then listener order, then route and rule order. */
  readonly points: readonly Point[];
  /**
   * The topology's diagnostics, then the admission ones, then the rate-limit expressions not
   * checked (`GWP-RESOLVE-REGEXP-UNCHECKED`: Go's regexp machinery not loaded, `preloadGoRegexp`).
   */
  readonly diagnostics: readonly Diagnostic[];
  /** The admission diagnostics alone (`validate` of the input). */
  readonly admissionDiagnostics: readonly Diagnostic[];
}
