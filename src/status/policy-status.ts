/**
 * `policyStatus`: the exact policy status Envoy Gateway writes, replayed from the resolution's
 * ordered status operations with Envoy Gateway's condition-merging rules (R8).
 *
 * @packageDocumentation
 */
import { goSort } from '../go/sort.js';
import type { Resource } from '../model/resource.js';
import type { KubeObject, Policy, PolicyKind } from '../model/types.js';
import { POLICY_KINDS } from '../model/types.js';
import { sameAncestorRef } from '../precedence/ancestor-ref.js';
import { gatewayClasses } from '../precedence/processing-order.js';
import type { AncestorRef, Resolution, StatusOp } from '../precedence/resolution-types.js';

/** A condition as Envoy Gateway writes it (R8.3); `lastTransitionTime` is always null here. */
export interface PolicyCondition {
  readonly type: string;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  /** `metadata.generation`; omitted when 0 or absent, as Go's omitempty does. */
  readonly observedGeneration?: number;
  readonly lastTransitionTime: null;
}

/** One `status.ancestors[]` entry (R8.1). */
export interface PolicyAncestorStatus {
  readonly ancestorRef: AncestorRef;
  readonly controllerName: string;
  readonly conditions: readonly PolicyCondition[];
}

/** A policy object with the status Envoy Gateway would write. */
export type PolicyWithStatus = KubeObject & {
  readonly status: { readonly ancestors: readonly PolicyAncestorStatus[] | null };
};

/**
 * The `gwpolicy status` document: a key per policy kind, named by the kind
 * (`BackendTrafficPolicy`, as in every reference), only when non-empty.
 */
export interface PolicyStatusDocument {
  readonly ClientTrafficPolicy?: readonly PolicyWithStatus[];
  readonly BackendTrafficPolicy?: readonly PolicyWithStatus[];
  readonly SecurityPolicy?: readonly PolicyWithStatus[];
  readonly EnvoyExtensionPolicy?: readonly PolicyWithStatus[];
}

/**
 * The key of each kind in Envoy Gateway's translator output (`backendTrafficPolicies`), for
 * comparing a {@link PolicyStatusDocument} with that layout.
 */
export const STATUS_KEYS: Readonly<Record<PolicyKind, string>> = {
  ClientTrafficPolicy: 'clientTrafficPolicies',
  BackendTrafficPolicy: 'backendTrafficPolicies',
  SecurityPolicy: 'securityPolicies',
  EnvoyExtensionPolicy: 'envoyExtensionPolicies',
};

/** A condition while ops are replayed; it is the output object (only status, reason and message change). */
interface MutableCondition {
  readonly type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  readonly observedGeneration?: number;
  readonly lastTransitionTime: null;
}

/**
 * A policy while its ops are replayed: its ancestors per GatewayClass (Envoy Gateway translates one
 * class at a time, so each class's run keeps its own list), then the output list, and its generation.
 */
interface PolicyState {
  readonly byClass: Map<string, MutableAncestor[]>;
  list: MutableAncestor[];
  readonly gen: number;
}

/** An ancestor while ops are replayed; it is the output object. */
interface MutableAncestor {
  readonly ancestorRef: AncestorRef;
  readonly controllerName: string;
  readonly conditions: MutableCondition[];
}

/**
 * Computes the status of every processed policy, in Envoy Gateway's output order: the
 * translator's output, `ancestors: null` for a policy that reached none (a cluster publishes only
 * the others, R8.11).
 *
 * @param resolution - from `resolvePolicies`
 * @returns the status document (kinds in the order CTP, BTP, SP, EEP; a key only when non-empty)
 * @example
 * policyStatus(resolvePolicies(topology, { order: 'input' })).BackendTrafficPolicy?.[0]?.status.ancestors?.[0]?.conditions[0]?.reason;
 * // => 'Accepted'
 */
export function policyStatus(resolution: Resolution): PolicyStatusDocument {
  const out: Partial<Record<PolicyKind, PolicyWithStatus[]>> = {};
  for (const kind of POLICY_KINDS) {
    const kr = resolution.kinds[kind];
    if (kr.processed.length === 0) continue;
    const byId = new Map<string, Resource<Policy>>();
    kr.processed.forEach((id, i) => {
      byId.set(id, kr.policies[i]!);
    });
    const statuses = replay(kr.ops, resolution, byId);
    // `processed` and `policies` are parallel lists.
    out[kind] = kr.processed.map((id, i) => {
      const policy = kr.policies[i]!;
      const ancestors = statuses.get(id)?.list;
      return {
        ...policy.object,
        status: { ancestors: ancestors && ancestors.length > 0 ? ancestors : null },
      };
    });
  }
  return out;
}

/**
 * The ancestors of some policies of one kind (as `policyStatus` would write them), replaying only
 * their operations: for previews that touched a few policies.
 *
 * @param resolution - from `resolvePolicies`
 * @param kind - the policy kind
 * @param ids - `Kind/ns/name` of the policies
 * @returns id → ancestors (`null` when processed without ancestors); ids not processed are absent
 * @example
 * policyAncestors(resolution, 'BackendTrafficPolicy', new Set(['BackendTrafficPolicy/default/p'])).get('BackendTrafficPolicy/default/p')?.[0]?.conditions[0]?.type;
 * // => 'Accepted'
 */
export function policyAncestors(
  resolution: Resolution,
  kind: PolicyKind,
  ids: ReadonlySet<string>,
): Map<string, readonly PolicyAncestorStatus[] | null> {
  const kr = resolution.kinds[kind];
  const byId = new Map<string, Resource<Policy>>();
  kr.processed.forEach((id, i) => {
    if (ids.has(id)) byId.set(id, kr.policies[i]!);
  });
  const statuses = replay(
    kr.ops.filter((op) => byId.has(op.policy)),
    resolution,
    byId,
  );
  const out = new Map<string, readonly PolicyAncestorStatus[] | null>();
  for (const id of byId.keys()) {
    const a = statuses.get(id)?.list;
    out.set(id, a && a.length > 0 ? a : null);
  }
  return out;
}

/**
 * Replays ops per policy with `SetConditionForPolicyAncestor` semantics, bounding and truncation
 * (R8.4, R8.10), one GatewayClass at a time as Envoy Gateway's runner translates them: each class's
 * ancestors are bounded and truncated on their own, then the runner concatenates the classes'
 * lists in class order (creationTimestamp, then name: the topology's order) and truncates again
 * (`mergePolicyStatus`, `TruncatePolicyAncestors`).
 */
function replay(
  ops: readonly StatusOp[],
  resolution: Resolution,
  byId: ReadonlyMap<string, Resource<Policy>>,
): ReadonlyMap<string, PolicyState> {
  const { profile } = resolution;
  const controllerName = resolution.topology.options?.controllerName ?? profile.controllerName;
  const softCap = profile.maxAncestors + 1;
  const classOf = ancestorClassLookup(resolution);
  const state = new Map<string, PolicyState>();
  const stateOf = (id: string): PolicyState => {
    let st = state.get(id);
    if (!st) {
      const raw = byId.get(id)?.object.metadata.generation;
      st = { byClass: new Map(), list: [], gen: typeof raw === 'number' && Number.isFinite(raw) ? raw : 0 };
      state.set(id, st);
    }
    return st;
  };
  let currentState: PolicyState | null = null;
  let currentClass: string | null = null;
  /** Points `list` at the current policy's list for the class of an ancestor. */
  const enterClass = (ref: AncestorRef): void => {
    const c = classOf(ref);
    if (c === currentClass) return;
    currentClass = c;
    let l = currentState!.byClass.get(c);
    if (!l) {
      l = [];
      currentState!.byClass.set(c, l);
    }
    list = l;
  };

  // The policy of the op being replayed: its ancestor list and generation (see the loop below).
  let list: MutableAncestor[] = [];
  let gen = 0;
  const condition = (
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): MutableCondition =>
    gen !== 0
      ? { type, status, reason, message, observedGeneration: gen, lastTransitionTime: null }
      : { type, status, reason, message, lastTransitionTime: null };
  const find = (ref: AncestorRef): MutableAncestor | undefined => {
    for (const a of list) if (sameAncestorRef(a.ancestorRef, ref)) return a;
    return undefined;
  };
  const setCondition = (
    ref: AncestorRef,
    type: string,
    status: 'True' | 'False',
    reason: string,
    text: string,
  ): void => {
    const message = truncateMessage(text, profile.maxMessageBytes);
    const found = find(ref);
    if (found) {
      // The generation is the policy's, the same for every condition of its list.
      let same: MutableCondition | undefined;
      for (const e of found.conditions) {
        if (e.type === type) {
          same = e;
          break;
        }
      }
      if (same) {
        if (same.status === status && same.reason === reason && same.message === message) return;
        same.status = status;
        same.reason = reason;
        same.message = message;
      } else {
        found.conditions.push(condition(type, status, reason, message));
      }
      return;
    }
    list.push({
      ancestorRef: ref,
      controllerName,
      conditions: [condition(type, status, reason, message)],
    });
    // R8.10 stage 1: keep at most maxAncestors + 1 while adding, evicting the lowest priority.
    if (list.length > softCap) {
      let worst = 0;
      for (let i = 1; i < list.length; i++) if (lessAncestor(list[worst]!, list[i]!)) worst = i;
      list.splice(worst, 1);
    }
  };

  let current: string | null = null;
  for (const op of ops) {
    // A visit's operations come together: look the policy up once per run of its operations.
    if (op.policy !== current) {
      current = op.policy;
      currentState = stateOf(op.policy);
      currentClass = null;
      gen = currentState.gen;
    }
    for (const ref of op.ancestors) {
      enterClass(ref);
      if (op.op === 'set') {
        setCondition(ref, op.type, op.status, op.reason, op.message);
      } else if (op.op === 'accepted') {
        if (find(ref)?.conditions.some((c) => c.type === 'Accepted')) continue;
        setCondition(ref, 'Accepted', 'True', 'Accepted', profile.messages.accepted);
      } else {
        // R8.4: warnings of the same type combine.
        const existing = find(ref)?.conditions.find((c) => c.type === 'Warning');
        if (!existing) {
          setCondition(ref, 'Warning', 'True', op.reason, op.message);
          continue;
        }
        const message = combineWarnings(existing.message, op.message);
        const reason = existing.reason === '' || existing.reason === op.reason ? op.reason : 'Warnings';
        setCondition(ref, 'Warning', 'True', reason, message);
      }
    }
  }

  // R8.10 stage 2: rank sort, cut, Aggregated on the last kept.
  const truncate = (ancestors: MutableAncestor[], g: number): void => {
    if (ancestors.length <= profile.maxAncestors) return;
    // sort.Slice: unstable, so ancestors equal in rank, namespace and name (sections of one
    // Gateway) end in the order Go's sort leaves them (src/go/sort.ts).
    goSort(ancestors, lessAncestor);
    ancestors.length = profile.maxAncestors;
    list = ancestors;
    gen = g;
    setCondition(
      ancestors[profile.maxAncestors - 1]!.ancestorRef,
      'Aggregated',
      'True',
      'Aggregated',
      profile.messages.aggregated,
    );
  };
  // A class's position in the runner's order (R2.1), computed when a policy spans several classes.
  let order: ReadonlyMap<string, number> | undefined;
  for (const st of state.values()) {
    // One class: its translation's list as it is. Several: each class's run truncates its own
    // list, then the runner concatenates them in class order and truncates the whole.
    if (st.byClass.size === 1) {
      st.list = st.byClass.values().next().value!;
      truncate(st.list, st.gen);
      continue;
    }
    order ??= new Map(
      (resolution.topology.gatewayClasses === undefined ? [] : gatewayClasses(resolution)).map((n, i) => [
        n,
        i,
      ]),
    );
    const rankOf = (c: string): number => order!.get(c) ?? order!.size;
    const classes = [...st.byClass.keys()].sort((a, b) => rankOf(a) - rankOf(b));
    const all: MutableAncestor[] = [];
    for (const c of classes) {
      const l = st.byClass.get(c)!;
      truncate(l, st.gen);
      all.push(...l);
    }
    st.list = all;
    truncate(all, st.gen);
  }
  return state;
}

/** An ancestor's GatewayClass: its Gateway's, or its ListenerSet's parent Gateway's (`''` if unknown). */
function ancestorClassLookup(resolution: Resolution): (ref: AncestorRef) => string {
  const t = resolution.topology;
  // Ancestor refs are shared objects (one per parent link): each is looked up once.
  const seen = new WeakMap<AncestorRef, string>();
  return (ref) => {
    const hit = seen.get(ref);
    if (hit !== undefined) return hit;
    const key = `${ref.namespace}/${ref.name}`;
    const gw = ref.kind === 'ListenerSet' ? t.listenerSets?.get(key)?.parentGateway : key;
    const c = gw === undefined ? '' : (t.gateways?.get(gw)?.gatewayClassName ?? '');
    seen.set(ref, c);
    return c;
  };
}

function rank(a: MutableAncestor): number {
  let overridden = false;
  for (let i = 0; i < a.conditions.length; i++) {
    const c = a.conditions[i]!;
    if (c.type === 'Accepted' && c.status === 'False') return 0;
    if (c.type === 'Overridden' && c.status === 'True') overridden = true;
  }
  return overridden ? 1 : 2;
}

/** `lessPolicyAncestor`: rank, then namespace, then name (bytewise). */
function lessAncestor(a: MutableAncestor, b: MutableAncestor): boolean {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb;
  if (a.ancestorRef.namespace !== b.ancestorRef.namespace)
    return a.ancestorRef.namespace < b.ancestorRef.namespace;
  return a.ancestorRef.name < b.ancestorRef.name;
}

/** `mergePolicyWarningMessages` (R8.4). */
function combineWarnings(existing: string, next: string): string {
  if (existing === '') return next;
  if (next === '' || existing === next || existing.includes(next)) return existing;
  if (next.includes(existing)) return next;
  return `${existing}; ${next}`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });
const SUFFIX = ' (message truncated).';

/** R8.4: messages over the byte limit are cut and end with ` (message truncated).`. */
function truncateMessage(message: string, maxBytes: number): string {
  if (message.length <= maxBytes / 4) return message;
  const bytes = encoder.encode(message);
  if (bytes.length <= maxBytes) return message;
  return decoder.decode(bytes.slice(0, maxBytes - SUFFIX.length)) + SUFFIX;
}
