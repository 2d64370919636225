/**
 * `policyDrift`: the status Envoy Gateway would write, compared with the status present on policy
 * objects (from `kubectl get -o yaml`, a live cluster, or a translator test's expected output),
 * ancestor by ancestor and condition by condition.
 *
 * @packageDocumentation
 */
import type { SourceLocation } from '../model/diagnostic.js';
import { formatRef, parseRef } from '../model/object-ref.js';
import type { Resource } from '../model/resource.js';
import { POLICY_KINDS } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { type PolicyAncestorStatus, policyStatus } from '../status/policy-status.js';

/** One difference between the predicted and the present status of a policy. */
export interface DriftDifference {
  /**
   * `policy`: the policy is on one side only; `ancestor`: an ancestor is on one side only;
   * `condition`: a condition type is on one side only; `status`, `reason`, `message`: a
   * condition present on both sides differs in that field.
   */
  readonly what: 'policy' | 'ancestor' | 'condition' | 'status' | 'reason' | 'message';
  /** `Kind/namespace/name[/section]` of the ancestor, when the difference is about one. */
  readonly ancestor?: string;
  /** The condition type, when the difference is about one. */
  readonly condition?: string;
  /** What the simulation predicts (`null`: absent). */
  readonly expected: string | null;
  /** What the input holds (`null`: absent). */
  readonly actual: string | null;
}

/** The differences of one policy. */
export interface PolicyDrift {
  /** `Kind/namespace/name`. */
  readonly policy: string;
  /** Where the present status was read, when known. */
  readonly location?: SourceLocation;
  readonly differences: readonly DriftDifference[];
}

/** What {@link policyDrift} returns. */
export interface DriftResult {
  /** Policies compared (predicted, present, or both). */
  readonly compared: number;
  /** The policies that differ, kinds in the order CTP, BTP, SP, EEP, then by name. */
  readonly drifted: readonly PolicyDrift[];
}

/** Options of {@link policyDrift}. */
export interface PolicyDriftOptions {
  /**
   * Whether a policy predicted but absent from `present` is a difference. Default true; false
   * compares only the policies `present` holds (a status file that covers a few policies).
   */
  readonly absentIsDrift?: boolean;
}

interface Entry {
  readonly ancestors: readonly PolicyAncestorStatus[];
  readonly location?: SourceLocation;
}

/**
 * Compares the status the simulation predicts with the status present on policy objects. Per
 * policy (matched by kind, namespace and name), ancestors are matched by their `ancestorRef`
 * (group, kind, namespace, name, sectionName) among those written by the controller the
 * simulation plays (other controllers' ancestors are left alone); per ancestor, conditions are
 * matched by type and compared on `status`, `reason` and `message`. `lastTransitionTime` and
 * `observedGeneration` are ignored, and so is the order of ancestors and conditions. A policy with
 * no `status` at all on the present side has no ancestors.
 *
 * @param resolution - the resolution of the input
 * @param present - the objects whose `status` is compared (policies of the four kinds are read;
 *   others are ignored), e.g. `simulate(...).load.resources`
 * @param options - {@link PolicyDriftOptions}
 * @returns the policies compared and the differences
 * @example
 * const { resolution, load } = simulate(kubectlOutput);
 * policyDrift(resolution, load.resources).drifted; // => [] when the controller is up to date
 */
export function policyDrift(
  resolution: Resolution,
  present: readonly Resource[],
  options: PolicyDriftOptions = {},
): DriftResult {
  const absentIsDrift = options.absentIsDrift ?? true;
  const controller = resolution.profile.controllerName;
  const predicted = new Map<string, Entry>();
  const status = policyStatus(resolution);
  for (const kind of POLICY_KINDS) {
    // The status documents are parallel to the kind's processed policies, whose identity is the
    // resource key (`Kind/ns/name`).
    const processed = resolution.kinds[kind].processed;
    (status[kind] ?? []).forEach((p, i) => {
      const key = processed[i]!;
      if (!predicted.has(key)) predicted.set(key, { ancestors: p.status.ancestors ?? [] });
    });
  }
  const observed = new Map<string, Entry>();
  const kinds = new Set<string>(POLICY_KINDS);
  for (const r of present) {
    if (!kinds.has(r.kind) || observed.has(r.key)) continue;
    observed.set(r.key, { ancestors: ancestorsOf(r.object, controller), location: r.source });
  }

  const keys = [...new Set([...predicted.keys(), ...observed.keys()])].filter(
    (k) => absentIsDrift || observed.has(k),
  );
  const rank = new Map<string, number>(POLICY_KINDS.map((k, i) => [k, i]));
  keys.sort((a, b) => {
    const ka = rank.get(parseRef(a)?.kind ?? '') ?? 0;
    const kb = rank.get(parseRef(b)?.kind ?? '') ?? 0;
    return ka - kb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const drifted: PolicyDrift[] = [];
  for (const key of keys) {
    const p = predicted.get(key);
    const o = observed.get(key);
    const differences: DriftDifference[] = [];
    if (p === undefined && o !== undefined && o.ancestors.length > 0) {
      differences.push({ what: 'policy', expected: null, actual: 'present with status' });
    } else if (o === undefined && p !== undefined) {
      differences.push({ what: 'policy', expected: 'present', actual: null });
    }
    if (p !== undefined && o !== undefined) compareAncestors(p.ancestors, o.ancestors, differences);
    else if (p === undefined && o !== undefined) compareAncestors([], o.ancestors, differences);
    if (differences.length > 0)
      drifted.push({ policy: key, ...(o?.location ? { location: o.location } : {}), differences });
  }
  return { compared: keys.length, drifted };
}

/** The Envoy Gateway ancestors of an object's `status` (entries of other controllers dropped). */
function ancestorsOf(object: unknown, controller: string): PolicyAncestorStatus[] {
  const status = (object as { status?: unknown }).status;
  const list = isObject(status) ? status.ancestors : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (a): a is PolicyAncestorStatus =>
      isObject(a) &&
      isObject(a.ancestorRef) &&
      (a.controllerName === undefined || a.controllerName === controller),
  );
}

function compareAncestors(
  predicted: readonly PolicyAncestorStatus[],
  observed: readonly PolicyAncestorStatus[],
  out: DriftDifference[],
): void {
  const seen = new Set<string>();
  const byRef = new Map<string, PolicyAncestorStatus>();
  for (const a of observed) {
    const k = refName(a.ancestorRef);
    if (!byRef.has(k)) byRef.set(k, a);
  }
  for (const a of predicted) {
    const name = refName(a.ancestorRef);
    seen.add(name);
    const o = byRef.get(name);
    if (!o) {
      out.push({ what: 'ancestor', ancestor: name, expected: conditionsText(a.conditions), actual: null });
      continue;
    }
    compareConditions(name, a.conditions, Array.isArray(o.conditions) ? o.conditions : [], out);
  }
  for (const [name, o] of byRef) {
    if (seen.has(name)) continue;
    out.push({
      what: 'ancestor',
      ancestor: name,
      expected: null,
      actual: conditionsText(Array.isArray(o.conditions) ? o.conditions : []),
    });
  }
}

type Condition = PolicyAncestorStatus['conditions'][number];

function compareConditions(
  ancestor: string,
  predicted: readonly Condition[],
  observed: readonly unknown[],
  out: DriftDifference[],
): void {
  const byType = new Map<string, Record<string, unknown>>();
  for (const c of observed) if (isObject(c) && !byType.has(String(c.type))) byType.set(String(c.type), c);
  const seen = new Set<string>();
  for (const c of predicted) {
    seen.add(c.type);
    const o = byType.get(c.type);
    if (!o) {
      out.push({ what: 'condition', ancestor, condition: c.type, expected: conditionText(c), actual: null });
      continue;
    }
    for (const field of ['status', 'reason', 'message'] as const) {
      const actual = o[field] === undefined || o[field] === null ? null : String(o[field]);
      if (actual !== c[field])
        out.push({ what: field, ancestor, condition: c.type, expected: c[field], actual });
    }
  }
  for (const [type, o] of byType) {
    if (seen.has(type)) continue;
    out.push({ what: 'condition', ancestor, condition: type, expected: null, actual: conditionText(o) });
  }
}

function conditionText(c: {
  readonly status?: unknown;
  readonly reason?: unknown;
  readonly message?: unknown;
}): string {
  return `${String(c.status)}/${String(c.reason)}: ${String(c.message)}`;
}

function conditionsText(list: readonly unknown[]): string {
  return list
    .filter(isObject)
    .map((c) => `${String(c.type)}=${conditionText(c)}`)
    .join('; ');
}

/** `Kind/namespace/name[/section]` of an ancestorRef as found (group kept when not Gateway API's). */
function refName(ref: unknown): string {
  const r = isObject(ref) ? ref : {};
  const group = r.group === undefined || r.group === 'gateway.networking.k8s.io' ? '' : `${String(r.group)}:`;
  const section =
    r.sectionName === undefined || r.sectionName === null ? {} : { section: String(r.sectionName) };
  return `${group}${formatRef({ kind: String(r.kind ?? 'Gateway'), namespace: String(r.namespace ?? ''), name: String(r.name), ...section })}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
