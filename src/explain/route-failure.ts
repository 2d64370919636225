/**
 * `routeFailure`: what a policy whose features failed to translate does to the HTTP routes it
 * reaches (eg-semantics R6.5): Envoy Gateway sets a 500 direct response on them, except for the
 * failures it lets the route keep serving (fail-open). The one rule both the request answers
 * (`routeRequest`, outcome `policyInvalid`) and the validate gate (`GWP-ROUTE-ANSWERS-500`) use.
 *
 * Envoy Gateway v1.9 (internal/gatewayapi):
 * - BackendTrafficPolicy (`translateBackendTrafficPolicyForRoute`): any error fails the route.
 * - SecurityPolicy (`translateSecurityPolicyForRoute`, securitypolicy.go:1448-1466): the route
 *   keeps serving only when every error is an ExtAuth one (`!listenerHasNonExtAuthError`) and
 *   `extAuth.failOpen` is true; an error of any other feature (CORS, JWT, OIDC, BasicAuth,
 *   APIKeyAuth, Authorization, GeoIP) fails it.
 * - EnvoyExtensionPolicy (`translateEnvoyExtensionPolicyForRoute`, envoyextensionpolicy.go:
 *   1136-1158): a Lua or DynamicModule error always fails the route (neither has `failOpen`); a
 *   Wasm error fails it unless every Wasm entry that failed is `failOpen` (`buildWasms`:
 *   `hasFailClose`), and likewise ExtProc (`buildExtProcs`). Entries that built are kept either way.
 *
 * The failed features are read from the policy's `Invalid` message (one error per line, a
 * feature's first line prefixed `<Feature>: `, as `perr.WithMessage` and `errors.Join` write
 * them), over every ancestor. Which Wasm or ExtProc entries failed is found by running that
 * feature's check on each entry alone, with the policy's own namespace; when that finds none (a
 * merged policy whose entries come from its parent), every entry is taken as failed.
 *
 * @packageDocumentation
 */
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy, PolicyKind } from '../model/types.js';
import { FEATURE_CHECKS } from '../precedence/feature-checks.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { type PolicyStatusDocument, policyStatus } from '../status/policy-status.js';

/** What a failed policy does to the HTTP routes it reaches. */
export interface RouteFailure {
  /** Envoy Gateway answers 500 on the routes (true), or lets them keep serving (fail-open). */
  readonly answers500: boolean;
  /** The features whose translation failed, in message order (`''` for a line no feature names). */
  readonly features: readonly string[];
  /** Why, in one sentence. */
  readonly reason: string;
}

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** Feature names a kind's Invalid messages can start a line with. */
function featureNames(kind: PolicyKind): ReadonlySet<string> {
  // GeoIP errors of a SecurityPolicy are prefixed `Authorization` (securitypolicy.go:1446).
  return new Set([...FEATURE_CHECKS[kind].map((c) => c.feature), 'Authorization']);
}

/**
 * The features an `Invalid` message names, each with its error lines.
 *
 * @param kind - the policy kind
 * @param message - the condition message (`<Feature>: <error>` lines; a feature's further errors
 *   follow on lines of their own)
 * @returns feature → error lines, in message order; lines before any feature go under `''`
 * @example
 * invalidFeatures('EnvoyExtensionPolicy', 'Wasm: a\nb\nLua: c');
 * // => Map { 'Wasm' => ['a', 'b'], 'Lua' => ['c'] }
 */
export function invalidFeatures(kind: PolicyKind, message: string): ReadonlyMap<string, readonly string[]> {
  const names = featureNames(kind);
  const out = new Map<string, string[]>();
  let current = '';
  for (const line of message.split('\n')) {
    const m = /^([A-Za-z]+): (.*)$/.exec(line);
    if (m !== null && names.has(m[1]!)) {
      current = m[1]!;
      const list = out.get(current) ?? [];
      list.push(m[2]!);
      out.set(current, list);
      continue;
    }
    const list = out.get(current) ?? [];
    list.push(line);
    out.set(current, list);
  }
  return out;
}

/** The spec field of a fail-open feature of an EnvoyExtensionPolicy. */
const ENTRY_FIELD: Readonly<Record<string, 'wasm' | 'extProc'>> = { Wasm: 'wasm', ExtProc: 'extProc' };

/**
 * Envoy Gateway's rule for a failed policy on a route, from the features that failed.
 *
 * @param kind - the policy kind
 * @param spec - the policy's spec (its `extAuth.failOpen`, its `wasm` / `extProc` entries)
 * @param features - the failed features (as `invalidFeatures` names them)
 * @param failedEntries - for `Wasm` and `ExtProc`: the indexes of the entries that failed, or
 *   null when not known (every entry is then taken as failed)
 * @returns whether the routes answer 500, and why
 * @example
 * routeFailure('SecurityPolicy', { extAuth: { failOpen: true } }, ['ExtAuth']).answers500; // => false
 */
export function routeFailure(
  kind: PolicyKind,
  spec: Readonly<Record<string, unknown>>,
  features: readonly string[],
  failedEntries: (feature: 'Wasm' | 'ExtProc') => readonly number[] | null = () => null,
): RouteFailure {
  const fail = (reason: string): RouteFailure => ({ answers500: true, features, reason });
  const open = (reason: string): RouteFailure => ({ answers500: false, features, reason });
  if (features.length === 0) return open('no feature failed');
  if (kind === 'SecurityPolicy') {
    const other = features.filter((f) => f !== 'ExtAuth');
    if (other.length > 0)
      return fail(
        `${other.join(', ')} failed: only an ExtAuth failure with extAuth.failOpen keeps the route serving`,
      );
    return rec(spec.extAuth)?.failOpen === true
      ? open('only ExtAuth failed and extAuth.failOpen is true: the route keeps serving without it')
      : fail('ExtAuth failed and extAuth.failOpen is not true');
  }
  if (kind === 'EnvoyExtensionPolicy') {
    for (const f of features) {
      const field = ENTRY_FIELD[f];
      if (field === undefined)
        return fail(`${f || 'a feature'} failed, and ${f || 'it'} has no failOpen: the route answers 500`);
      const entries = Array.isArray(spec[field]) ? (spec[field] as readonly unknown[]) : [];
      if (entries.length === 0)
        return fail(`${f} failed and the policy's own spec has no ${field} entries to read failOpen from`);
      const failed = failedEntries(f as 'Wasm' | 'ExtProc') ?? entries.map((_, i) => i);
      const closed = failed.filter((i) => rec(entries[i])?.failOpen !== true);
      if (closed.length > 0)
        return fail(
          `${field}[${closed.join('], [')}] failed and ${closed.length === 1 ? 'is' : 'are'} not failOpen`,
        );
    }
    return open(
      `every failed ${features.join(' and ')} entry has failOpen: true; the route keeps serving with the entries that built`,
    );
  }
  return fail(`a ${kind} that fails translation always answers 500 on its routes`);
}

/**
 * The Wasm or ExtProc entries of an EnvoyExtensionPolicy whose check fails when built alone with
 * the policy's own namespace, or null when none does (the failure is then not attributable).
 */
function entriesThatFail(
  topology: Topology,
  policy: Resource<Policy>,
  feature: 'Wasm' | 'ExtProc',
): number[] | null {
  const check = FEATURE_CHECKS.EnvoyExtensionPolicy.find((c) => c.feature === feature);
  const spec = rec(policy.object.spec) ?? {};
  const field = ENTRY_FIELD[feature]!;
  const entries = Array.isArray(spec[field]) ? (spec[field] as readonly unknown[]) : [];
  if (check === undefined || entries.length === 0) return null;
  const failed: number[] = [];
  entries.forEach((entry, i) => {
    const alone = check.check(
      { ...spec, [field]: [entry] },
      { topology, ownerNamespace: () => policy.namespace },
    );
    if (alone !== null) failed.push(i);
  });
  return failed.length === 0 ? null : failed;
}

/**
 * The route failure of every policy of a resolution that failed translation, judged once per
 * policy from its status (`policyStatus`, computed on first use when not given).
 *
 * @param resolution - from `resolvePolicies` or `simulate`
 * @param status - `policyStatus(resolution)`, when the caller has it
 * @returns a function of a kind and a policy (`ns/name`): its {@link RouteFailure}, or null when
 *   the policy has no `Invalid` condition
 * @example
 * const judge = createRouteFailureJudge(resolution);
 * judge('SecurityPolicy', 'shop/ext-auth')?.answers500; // => false (only ExtAuth failed, failOpen)
 */
export function createRouteFailureJudge(
  resolution: Resolution,
  status?: PolicyStatusDocument,
): (kind: PolicyKind, id: string) => RouteFailure | null {
  let document = status;
  const memo = new Map<string, RouteFailure | null>();
  return (kind, id) => {
    const key = `${kind}/${id}`;
    if (memo.has(key)) return memo.get(key) ?? null;
    document ??= policyStatus(resolution);
    const kr = resolution.kinds[kind];
    const i = kr.processed.indexOf(id);
    const written = i < 0 ? undefined : document[kind]?.[i];
    const policy = i < 0 ? undefined : kr.policies[i];
    let result: RouteFailure | null = null;
    if (written !== undefined && policy !== undefined) {
      const features: string[] = [];
      for (const a of written.status.ancestors ?? []) {
        for (const c of a.conditions) {
          if (c.type !== 'Accepted' || c.reason !== 'Invalid') continue;
          for (const f of invalidFeatures(kind, c.message).keys())
            if (!features.includes(f)) features.push(f);
        }
      }
      if (features.length > 0)
        result = routeFailure(kind, rec(policy.object.spec) ?? {}, features, (f) =>
          entriesThatFail(resolution.topology, policy, f),
        );
    }
    memo.set(key, result);
    return result;
  };
}
