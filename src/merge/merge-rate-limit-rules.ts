/**
 * R7.8: how the rate-limit rules of a merged BackendTrafficPolicy come out.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from '../model/types.js';
import { isObject, own } from './_internal/json.js';
import { leaf } from './_internal/prov-tree.js';
import { mergeRfc7386 } from './_internal/rfc7386.js';
import { strategicMergeTracked } from './_internal/smp.js';
import { goMarshal } from './go-marshal.js';
import type { MergeSchema } from './merge-schema.js';

/** One rate-limit rule as Envoy Gateway's IR names it. */
export interface RateLimitRuleRef {
  /** The IR rule name, `<policy-ns>/<policy-name>/rule/<index>`. */
  readonly name: string;
  /** The policy that wrote the rule, `ns/name`. */
  readonly policy: string;
  /** Which side of the merge the rule comes from. */
  readonly from: 'parent' | 'patch';
  /** Position of the rule in that policy's `global.rules` or `local.rules`. */
  readonly index: number;
  /** The rule as that policy wrote it (Go-normalised). */
  readonly rule: JsonObject;
}

/** The effective rate limit of a route merged with its parent (R7.8). */
export interface EffectiveRateLimit {
  /** `both`: IR-level merge; `parentOnly`: the parent's rules and names; `routeOnly`: the route's. */
  readonly case: 'both' | 'parentOnly' | 'routeOnly';
  /** Global rules in IR order, when a global rate limit applies. */
  readonly global?: readonly RateLimitRuleRef[];
  /** Local rules (those with clientSelectors) and the default bucket, when a local rate limit applies. */
  readonly local?: {
    readonly rules: readonly RateLimitRuleRef[];
    /** The rule without clientSelectors that sets the default limit; `undefined`: unlimited. */
    readonly default?: RateLimitRuleRef;
  };
}

const IR_SCHEMA: MergeSchema = {
  fields: {
    global: { fields: { rules: { patchStrategy: 'merge', patchMergeKey: 'name' } } },
    local: { fields: { rules: { patchStrategy: 'merge', patchMergeKey: 'name' } } },
  },
};

function str(o: JsonValue | undefined, ...path: string[]): string {
  let v: JsonValue | undefined = o;
  for (const p of path) v = isObject(v) ? own(v, p) : undefined;
  return typeof v === 'string' ? v : '';
}

/** The IR rate limit one policy builds on its own (buildRateLimit). */
function buildIr(policy: JsonValue, from: 'parent' | 'patch'): JsonObject | undefined {
  const spec = isObject(policy) ? own(policy, 'spec') : undefined;
  const rl = isObject(spec) ? own(spec, 'rateLimit') : undefined;
  if (!isObject(rl)) return undefined;
  const ns = str(policy, 'metadata', 'namespace');
  const name = str(policy, 'metadata', 'name');
  const ref = (rule: JsonValue, index: number): RateLimitRuleRef => ({
    name: `${ns}/${name}/rule/${index}`,
    policy: `${ns}/${name}`,
    from,
    index,
    rule: isObject(rule) ? rule : {},
  });
  const type = own(rl, 'type');
  const wantGlobal = type === undefined || type === null || type === 'Global';
  const wantLocal = type === undefined || type === null || type === 'Local';
  const out: Record<string, JsonValue> = {};
  const global = own(rl, 'global');
  if (wantGlobal && isObject(global)) {
    const rules = own(global, 'rules');
    const list = Array.isArray(rules) ? (rules as readonly JsonValue[]).map((r, i) => ref(r, i)) : [];
    // IR rules are omitempty: an empty list is absent, so it cannot replace anything.
    out.global = list.length > 0 ? { rules: list as unknown as JsonValue } : {};
  }
  const local = own(rl, 'local');
  if (wantLocal && isObject(local)) {
    const rules = own(local, 'rules');
    const all = Array.isArray(rules) ? (rules as readonly JsonValue[]).map((r, i) => ref(r, i)) : [];
    const hasSelectors = (r: RateLimitRuleRef): boolean => {
      const cs = own(r.rule, 'clientSelectors');
      return Array.isArray(cs) && cs.length > 0;
    };
    const selected = all.filter(hasSelectors);
    const def = all.find((r) => !hasSelectors(r));
    // IR's default bucket is a struct always written whole: the route's replaces the parent's.
    // It is kept beside the merge (serialised, so both merge engines replace it as a scalar).
    const localIr: Record<string, JsonValue> = { default: JSON.stringify(def ?? null) };
    if (selected.length > 0) localIr.rules = selected as unknown as JsonValue;
    out.local = localIr;
  }
  return out;
}

function extract(ir: JsonValue, kase: EffectiveRateLimit['case']): EffectiveRateLimit {
  const g = isObject(ir) ? own(ir, 'global') : undefined;
  const l = isObject(ir) ? own(ir, 'local') : undefined;
  const rulesOf = (o: JsonValue | undefined): RateLimitRuleRef[] => {
    const r = isObject(o) ? own(o, 'rules') : undefined;
    return Array.isArray(r) ? (r as unknown as RateLimitRuleRef[]) : [];
  };
  const result: {
    case: EffectiveRateLimit['case'];
    global?: readonly RateLimitRuleRef[];
    local?: { rules: readonly RateLimitRuleRef[]; default?: RateLimitRuleRef };
  } = { case: kase };
  if (isObject(g)) result.global = rulesOf(g);
  if (isObject(l)) {
    const d = own(l, 'default');
    const rule = typeof d === 'string' ? (JSON.parse(d) as RateLimitRuleRef | null) : null;
    result.local = { rules: rulesOf(l), ...(rule === null ? {} : { default: rule }) };
  }
  return result;
}

/**
 * The rate-limit rules a route BackendTrafficPolicy with `mergeType` gets on one listener, as
 * R7.8 describes (`translateBackendTrafficPolicyForRouteWithMerge`). Envoy Gateway does not take
 * them from the merged spec: when **both** policies set `rateLimit`, each is built to IR on its
 * own (rule names `<ns>/<name>/rule/<i>` with that policy's identity; local rules without
 * clientSelectors become the default bucket) and the two IR objects are merged with the same
 * merge type, rules keyed by name: StrategicMerge gives the route's rules, then the parent's;
 * JSONMerge gives the route's rules only (a section the route lacks, or whose rule list is empty,
 * keeps the parent's). When only the **parent** sets it, the parent's rules with the parent's
 * names apply; when only the **route** does, the route's. A deprecated `type` limits a policy to
 * that section.
 *
 * @param parent - the parent BackendTrafficPolicy object
 * @param routePolicy - the route (or rule) BackendTrafficPolicy object with `mergeType`
 * @param mergeType - `StrategicMerge` or `JSONMerge`
 * @returns the effective rules, or `undefined` when neither policy sets `rateLimit` (or neither
 *   can be read: nested deeper than 128 levels, cyclic, or shared beyond go-yaml's aliasing rule)
 * @example
 * const p = (name: string, n: number) => ({ kind: 'BackendTrafficPolicy', metadata: { namespace: 'ns', name },
 *   spec: { rateLimit: { global: { rules: Array.from({ length: n }, () => ({ limit: { requests: 1, unit: 'Second' } })) } } } });
 * mergeRateLimitRules(p('gw', 1), p('route', 2), 'StrategicMerge')?.global?.map((r) => r.name);
 * // => ['ns/route/rule/0', 'ns/route/rule/1', 'ns/gw/rule/0']
 */
export function mergeRateLimitRules(
  parent: unknown,
  routePolicy: unknown,
  mergeType: 'StrategicMerge' | 'JSONMerge',
): EffectiveRateLimit | undefined {
  const p = goMarshal(parent, 'BackendTrafficPolicy').value;
  const r = goMarshal(routePolicy, 'BackendTrafficPolicy').value;
  const irP = buildIr(p, 'parent');
  const irR = buildIr(r, 'patch');
  if (irP !== undefined && irR !== undefined) {
    const merged =
      mergeType === 'JSONMerge'
        ? mergeRfc7386(irP, irR, leaf('parent'))[0]
        : strategicMergeTracked(irP, irR, IR_SCHEMA).v;
    return extract(merged, 'both');
  }
  if (irP !== undefined) return extract(irP, 'parentOnly');
  if (irR !== undefined) return extract(irR, 'routeOnly');
  return undefined;
}
