/**
 * The effective spec and per-leaf provenance of one kind at one point, from the engine's decision
 * (which policies apply, how they combine).
 */
import { mergePolicies } from '../../merge/merge-policies.js';
import { type Provenance, provenanceOf } from '../../merge/provenance.js';
import type { Resource } from '../../model/resource.js';
import type { JsonObject, Policy } from '../../model/types.js';
import type { PointPolicy } from '../../precedence/resolution-types.js';

/** Fields that say where a policy attaches, not what it configures. */
const TARGETING = new Set(['targetRef', 'targetRefs', 'targetSelectors', 'mergeType']);

/** An effective spec with its provenance. */
export interface Effective {
  readonly effective: JsonObject;
  readonly provenance: Provenance;
  /** For merges: the merge failed (the engine reported it in status). */
  readonly mergeFailed?: boolean;
}

/** Sets an own enumerable member: a spec's `__proto__` key stays data, as in the input. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function withoutTargeting(spec: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return out;
  for (const [k, v] of Object.entries(spec)) {
    if (!TARGETING.has(k) && v !== undefined) put(out, k, v);
  }
  return out;
}

function dropTargetingPointers(p: Provenance): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [ptr, src] of Object.entries(p)) {
    const top = ptr.split('/')[1] ?? '';
    if (!TARGETING.has(top)) out[ptr] = src;
  }
  return out;
}

function escapeToken(t: string): string {
  return t.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Finds a policy of one kind by its identity (`Kind/ns/name`). */
export interface PolicyLookup {
  get(id: string): Resource<Policy> | undefined;
}

/** Effective spec and provenance of a policy applied whole, per policy object (objects are never mutated). */
const WHOLE = new WeakMap<object, Effective>();

/** Memo per (parent, route, mode): a route on many listeners merges with the same parent often. */
const mergeMemo = new WeakMap<object, WeakMap<object, Map<string, Effective>>>();

/**
 * Computes what takes effect at a point for one kind.
 *
 * @param pp - the engine's decision at the point
 * @param policyById - policies of the kind by identity
 * @returns the effective spec and provenance
 */
export function effectiveAt(pp: PointPolicy, policyById: PolicyLookup): Effective {
  const first = pp.applied[0];
  if (first === undefined) return { effective: {}, provenance: {} };
  if (pp.mode === 'fieldFallback' && pp.fields) {
    // R6.3 / R6.4: each field from the most specific policy that set it. A route policy with
    // mergeType contributes the fields of its merge with its parent (R7.2), leaf by leaf.
    const merge = pp.merge;
    const route = merge ? policyById.get(merge.policy) : undefined;
    const parent = merge && pp.parent ? policyById.get(pp.parent.policy) : undefined;
    const merged = merge && route && parent ? mergedEffective(parent, route, merge.mode) : undefined;
    const effective: Record<string, unknown> = {};
    const provenance: Record<string, string> = {};
    for (const [field, id] of Object.entries(pp.fields)) {
      if (merged && id === merge?.policy) {
        const value = merged.effective[field];
        if (value === undefined) continue;
        effective[field] = value;
        const prefix = `/${escapeToken(field)}`;
        for (const [ptr, src] of Object.entries(merged.provenance))
          if (ptr === prefix || ptr.startsWith(`${prefix}/`)) provenance[ptr] = src;
        continue;
      }
      const spec = policyById.get(id)?.object.spec as Record<string, unknown> | undefined;
      const value = spec?.[field];
      if (value === undefined || !Object.hasOwn(spec ?? {}, field)) continue;
      put(effective, field, value);
      for (const [ptr, src] of Object.entries(provenanceOf(value, id)))
        provenance[`/${escapeToken(field)}${ptr}`] = src;
    }
    return { effective: effective as JsonObject, provenance };
  }
  const route = policyById.get(first);
  if (!route) return { effective: {}, provenance: {} };
  if ((pp.mode === 'StrategicMerge' || pp.mode === 'JSONMerge') && pp.parent) {
    const parent = policyById.get(pp.parent.policy);
    if (parent) return mergedEffective(parent, route, pp.mode);
  }
  if (!pp.failed) {
    // A policy applied whole: the same effective spec wherever it applies (read-only, shared).
    let hit = WHOLE.get(route.object);
    if (hit === undefined) {
      const effective = withoutTargeting(route.object.spec) as JsonObject;
      hit = { effective, provenance: provenanceOf(effective, first) };
      WHOLE.set(route.object, hit);
    }
    return hit;
  }
  // A ClientTrafficPolicy whose features failed on the listener: only what Envoy Gateway wrote
  // before the error (field names match case-insensitively, as Go decodes them).
  const kept = new Set(pp.failed.kept.map((f) => f.toLowerCase()));
  const effective = Object.fromEntries(
    Object.entries(withoutTargeting(route.object.spec)).filter(([k]) => kept.has(k.toLowerCase())),
  ) as JsonObject;
  return { effective, provenance: provenanceOf(effective, first) };
}

function mergedEffective(
  parent: Resource<Policy>,
  route: Resource<Policy>,
  mode: 'StrategicMerge' | 'JSONMerge',
): Effective {
  let byRoute = mergeMemo.get(parent.object);
  if (!byRoute) {
    byRoute = new WeakMap();
    mergeMemo.set(parent.object, byRoute);
  }
  let byMode = byRoute.get(route.object);
  if (!byMode) {
    byMode = new Map();
    byRoute.set(route.object, byMode);
  }
  const hit = byMode.get(mode);
  if (hit) return hit;
  const parentId = parent.key;
  const routeId = route.key;
  const r = mergePolicies(parent.object, route.object, mode, {
    sources: { parent: parentId, patch: routeId },
  });
  let result: Effective;
  if (!r.ok) {
    result = { effective: {}, provenance: {}, mergeFailed: true };
  } else {
    const effective = withoutTargeting(r.merged.spec);
    const provenance = dropTargetingPointers(r.provenance);
    // R7.8: rate-limit rules are merged at IR level, not as the merged spec's list.
    if (r.rateLimit) applyRateLimit(effective, provenance, r.rateLimit, parentId, routeId);
    result = { effective: effective as JsonObject, provenance };
  }
  byMode.set(mode, result);
  return result;
}

function applyRateLimit(
  effective: Record<string, unknown>,
  provenance: Record<string, string>,
  rl: NonNullable<Extract<ReturnType<typeof mergePolicies>, { ok: true }>['rateLimit']>,
  parentId: string,
  routeId: string,
): void {
  const current = (effective.rateLimit ?? {}) as Record<string, unknown>;
  const next: Record<string, unknown> = { ...current };
  for (const ptr of Object.keys(provenance)) if (ptr.startsWith('/rateLimit/')) delete provenance[ptr];
  const put = (
    type: 'global' | 'local',
    rules: readonly { rule: JsonObject; from: 'parent' | 'patch' }[],
  ): void => {
    const section = {
      ...((current[type] ?? {}) as Record<string, unknown>),
      rules: rules.map((r) => r.rule),
    };
    next[type] = section;
    // An empty rule list is a leaf too: it comes from the side whose rate limit applies (R7.8).
    if (rules.length === 0)
      provenance[`/rateLimit/${type}/rules`] = rl.case === 'parentOnly' ? parentId : routeId;
    rules.forEach((r, i) => {
      for (const [ptr, src] of Object.entries(
        provenanceOf(r.rule, r.from === 'parent' ? parentId : routeId),
      )) {
        provenance[`/rateLimit/${type}/rules/${i}${ptr}`] = src;
      }
    });
  };
  if (rl.global) put('global', rl.global);
  if (rl.local) put('local', rl.local.default ? [...rl.local.rules, rl.local.default] : rl.local.rules);
  effective.rateLimit = next;
  // Other rateLimit leaves (type, etc.) keep the merged spec's provenance.
  for (const [k, v] of Object.entries(next)) {
    if (k === 'global' || k === 'local') continue;
    for (const [ptr, src] of Object.entries(provenanceOf(v, routeId)))
      provenance[`/rateLimit/${escapeToken(k)}${ptr}`] = src;
  }
}
