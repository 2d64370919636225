/**
 * Writes a kind's status operations (R8.4, R8.5) and records its processing order (R4.4) and
 * decisions; the DeprecatedField warning (R8.9) is computed once per policy object.
 */
import { compareBytes } from '../../go/string-order.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import type { KindProfile, SemanticsProfile } from '../profile.js';
import type { AncestorRef, StatusOp, TargetDecision } from '../resolution-types.js';
import { policyId } from './keys.js';

/** What a kind's run produces. */
export interface KindRun {
  readonly processed: string[];
  /** The object Envoy Gateway keeps for each processed id (the first one handled). */
  readonly processedResources: Resource<Policy>[];
  readonly ops: StatusOp[];
  readonly decisions: TargetDecision[];
}

/** The status operations, processing order and decisions of one kind. */
export class StatusRecorder implements KindRun {
  readonly processed: string[] = [];
  readonly processedResources: Resource<Policy>[] = [];
  readonly ops: StatusOp[] = [];
  /** Where status operations go: `ops` by default; the six-pass engine points it at one visit's list. */
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
        .sort(compareBytes)
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

/**
 * `Error2ConditionMsg` (R8.4): capitalise the first letter, end with a period.
 *
 * @param message - the error text
 * @returns the condition message
 */
export function conditionMessage(message: string): string {
  if (message === '') return message;
  const first = message[0]!;
  let out = /\p{L}/u.test(first) ? first.toUpperCase() + message.slice(1) : message;
  if (!out.endsWith('.')) out += '.';
  return out;
}
