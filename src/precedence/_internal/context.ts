/**
 * Shared state and helpers of one resolution run.
 */
import type { Resource } from '../../model/resource.js';
import type { Topology } from '../../model/topology-types.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import type { KindProfile, SemanticsProfile } from '../profile.js';
import type { AncestorRef, MergeHook, StatusOp, TargetDecision } from '../resolution-types.js';
import type { PointIndex } from './points.js';

/** Inputs shared by every kind's pass engine. */
export interface EngineContext {
  readonly topology: Topology;
  readonly profile: SemanticsProfile;
  readonly points: PointIndex;
  readonly merge: MergeHook | undefined;
  /**
   * The `clientIPDetection` of the ClientTrafficPolicy translated for a listener (R2.5: they are
   * resolved first), or null: SecurityPolicy GeoIP authorization reads it from the listener IR.
   */
  readonly clientIPDetection: (listenerKey: string) => unknown;
}

/** What a pass engine produces for one kind. */
export interface KindRun {
  readonly processed: string[];
  /** The object Envoy Gateway keeps for each processed id (the first one handled). */
  readonly processedResources: Resource<Policy>[];
  readonly ops: StatusOp[];
  readonly decisions: TargetDecision[];
}

/** Helpers bound to one kind. */
export class KindRecorder implements KindRun {
  readonly processed: string[] = [];
  readonly processedResources: Resource<Policy>[] = [];
  readonly ops: StatusOp[] = [];
  /** Where status operations go: `ops` by default; an engine points it at one visit's list. */
  sink: StatusOp[] = this.ops;
  readonly decisions: TargetDecision[] = [];
  private readonly handled = new Map<string, Resource<Policy>>();
  /** R8.9 messages per policy object, computed once. */
  private readonly deprecatedCache = new WeakMap<object, string>();
  readonly kp: KindProfile;

  constructor(
    readonly kind: PolicyKind,
    readonly profile: SemanticsProfile,
  ) {
    this.kp = profile.kinds[kind];
  }

  /**
   * R4.4: a policy joins the output list the first time one of its targets is classified into a
   * pass. Envoy Gateway keys handled policies by namespace/name, so a later object with the same
   * identity (a duplicate in its test data) is processed as the first one handled: that object is
   * returned and must be used for everything but the target list.
   */
  handle(policy: Resource<Policy>): Resource<Policy> {
    const k = policyId(policy);
    const seen = this.handled.get(k);
    if (seen) return seen;
    this.handled.set(k, policy);
    this.processed.push(k);
    this.processedResources.push(policy);
    return policy;
  }

  set(
    policy: Resource<Policy>,
    ancestors: readonly AncestorRef[],
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): void {
    if (ancestors.length === 0) return;
    this.sink.push({ op: 'set', policy: policyId(policy), ancestors, type, status, reason, message });
  }

  accepted(policy: Resource<Policy>, ancestors: readonly AncestorRef[]): void {
    if (ancestors.length === 0) return;
    this.sink.push({ op: 'accepted', policy: policyId(policy), ancestors });
  }

  warning(
    policy: Resource<Policy>,
    ancestors: readonly AncestorRef[],
    reason: string,
    message: string,
  ): void {
    if (ancestors.length === 0 || message === '') return;
    this.sink.push({ op: 'warning', policy: policyId(policy), ancestors, reason, message });
  }

  /** R8.9: the DeprecatedField warning, fields sorted, joined by `; `. */
  deprecated(policy: Resource<Policy>, ancestors: readonly AncestorRef[]): void {
    let msg = this.deprecatedCache.get(policy.object);
    if (msg === undefined) {
      const used = this.kp.deprecatedFields.filter((d) =>
        fieldUsed(policy.object, d.field, d.when ?? 'present'),
      );
      msg = used
        .map((d) => `${d.field} is deprecated, use ${d.replacement} instead`)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .join('; ');
      this.deprecatedCache.set(policy.object, msg);
    }
    if (msg === '') return;
    this.warning(policy, ancestors, 'DeprecatedField', msg);
  }

  decide(d: TargetDecision): void {
    this.decisions.push(d);
  }
}

/** `ns/name` of a policy. */
export function policyId(p: Resource): string {
  // One string per resource: status operations, decisions and claims carry it, and the status
  // replay looks policies up by it (a string built anew would be hashed anew at every lookup).
  let id = POLICY_IDS.get(p);
  if (id === undefined) {
    id = `${p.namespace}/${p.name}`;
    POLICY_IDS.set(p, id);
  }
  return id;
}

const POLICY_IDS = new WeakMap<Resource, string>();

/** Whether a dotted path (`spec.extAuth.http.backendRef`) is set on the object. */
function fieldUsed(obj: unknown, path: string, when: 'present' | 'true'): boolean {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (when === 'true') return cur === true;
  if (cur === undefined || cur === null) return false;
  if (Array.isArray(cur)) return cur.length > 0;
  return true;
}

/** Split `ns/name`. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
