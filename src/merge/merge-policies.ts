/**
 * The whole-object policy merge of R7.5–R7.7, with per-leaf provenance.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import type { JsonObject } from '../model/types.js';
import { isObject, own } from './_internal/json.js';
import { mergeObjects } from './_internal/merge-objects.js';
import { childOf, flattenProvenance } from './_internal/prov-tree.js';
import { type EffectiveRateLimit, mergeRateLimitRules } from './merge-rate-limit-rules.js';
import type { Provenance } from './provenance.js';

/** Options of {@link mergePolicies}. */
export interface MergePoliciesOptions {
  /** Names written in the provenance. Default `parent` and `patch`; pass policy ids such as `ns/name`. */
  readonly sources?: { readonly parent?: string; readonly patch?: string };
  /**
   * Apply the CRD defaults to both policies first, as a cluster's API server does (defaulted
   * route values then override the parent's). Envoy Gateway's translator tests apply none.
   * Default `false`.
   */
  readonly applyCrdDefaults?: boolean;
  /**
   * Compute `provenance` and `rateLimit` (default `true`). The precedence engine's merge hook
   * needs only the merged object and turns this off.
   */
  readonly details?: boolean;
}

/** The outcome of {@link mergePolicies}. */
export type MergePoliciesResult =
  | {
      readonly ok: true;
      /** The merged policy: the route policy's identity (name, namespace, mergeType, targetRefs). */
      readonly merged: JsonObject;
      /** Every leaf of `merged.spec` (pointer relative to the spec) → the side that supplied it. */
      readonly provenance: Provenance;
      /** BackendTrafficPolicy only, when either policy sets `rateLimit`: the IR-level rules of R7.8. */
      readonly rateLimit?: EffectiveRateLimit;
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly merged?: undefined;
      readonly provenance: Provenance;
      readonly rateLimit?: undefined;
      readonly diagnostics: readonly Diagnostic[];
    };

function idOf(o: unknown): string | undefined {
  const md = isObject(o) ? own(o, 'metadata') : undefined;
  if (!isObject(md)) return undefined;
  const ns = own(md, 'namespace');
  const name = own(md, 'name');
  return typeof name === 'string' ? `${typeof ns === 'string' ? ns : ''}/${name}` : undefined;
}

/**
 * Merges a route (or route-rule) policy that sets `mergeType` onto its parent policy exactly as
 * Envoy Gateway's `utils.Merge(parent, route, mergeType)` does (R7.5): both whole objects are
 * rendered as Go marshals them (R7.6: unset non-omitempty fields become `null` or zero values and
 * erase the parent's values), the route policy patches the parent (StrategicMerge with Envoy
 * Gateway's schema: only BackendTrafficPolicy compression/compressor/httpUpgrade and
 * SecurityPolicy extAuth.contextExtensions merge by key; JSONMerge: RFC 7386), and the result is
 * rendered as Go again. The merged object has the route policy's identity (R7.7). For a
 * BackendTrafficPolicy, `rateLimit` gives the rules Envoy Gateway actually uses (R7.8). A kind
 * without a Go table merges as plain JSON with no schema. Never throws on user input.
 *
 * @param parent - the parent policy object (Gateway, listener or ListenerSet level)
 * @param routePolicy - the route or rule policy with `mergeType`
 * @param mergeType - `StrategicMerge` or `JSONMerge`
 * @param options - {@link MergePoliciesOptions}
 * @returns `{ ok, merged, provenance, rateLimit?, diagnostics }`
 * @example
 * const r = mergePolicies(
 *   { kind: 'BackendTrafficPolicy', metadata: { namespace: 'gw', name: 'p' }, spec: { timeout: { tcp: { connectTimeout: '5s' } } } },
 *   { kind: 'BackendTrafficPolicy', metadata: { namespace: 'app', name: 'r' }, spec: { mergeType: 'StrategicMerge', timeout: { http: { requestTimeout: '30s' } } } },
 *   'StrategicMerge', { sources: { parent: 'gw/p', patch: 'app/r' } });
 * r.provenance;
 * // => { '/timeout/tcp/connectTimeout': 'gw/p', '/timeout/http/requestTimeout': 'app/r', '/mergeType': 'app/r' }
 */
export function mergePolicies(
  parent: unknown,
  routePolicy: unknown,
  mergeType: 'StrategicMerge' | 'JSONMerge',
  options: MergePoliciesOptions = {},
): MergePoliciesResult {
  if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') {
    fail('GWP-API-BAD-OPTION', `mergeType must be 'StrategicMerge' or 'JSONMerge', got ${String(mergeType)}`);
  }
  const kindOf = (o: unknown): string | undefined => {
    const k = isObject(o) ? own(o, 'kind') : undefined;
    return typeof k === 'string' ? k : undefined;
  };
  const kind = kindOf(routePolicy) ?? kindOf(parent) ?? '';
  const resource = (o: unknown): string | undefined => {
    const id = idOf(o);
    return id === undefined ? undefined : `${kind}/${id.startsWith('/') ? id.slice(1) : id}`;
  };
  const parentResource = resource(parent);
  const patchResource = resource(routePolicy);
  const out = mergeObjects({
    parent,
    patch: routePolicy,
    mergeType,
    kind,
    applyCrdDefaults: options.applyCrdDefaults === true,
    ...(parentResource === undefined ? {} : { parentResource }),
    ...(patchResource === undefined ? {} : { patchResource }),
  });
  if (!out.ok || !isObject(out.merged)) {
    return { ok: false, provenance: {}, diagnostics: out.diagnostics };
  }
  if (options.details === false)
    return { ok: true, merged: out.merged, provenance: {}, diagnostics: out.diagnostics };
  const names = { parent: options.sources?.parent ?? 'parent', patch: options.sources?.patch ?? 'patch' };
  const spec = own(out.merged, 'spec');
  const provenance = spec === undefined ? {} : flattenProvenance(spec, childOf(out.prov, 'spec'), names);
  const rateLimit =
    kind === 'BackendTrafficPolicy' ? mergeRateLimitRules(out.parent, out.patch, mergeType) : undefined;
  return {
    ok: true,
    merged: out.merged,
    provenance,
    ...(rateLimit === undefined ? {} : { rateLimit }),
    diagnostics: out.diagnostics,
  };
}
