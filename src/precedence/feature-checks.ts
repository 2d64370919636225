/**
 * Feature translation checks: the errors Envoy Gateway's translator raises while building a
 * policy's features (e.g. `ResponseOverride: can't find the referenced configmap ns/name.`). They
 * become `Accepted=False, reason Invalid` and, for BackendTrafficPolicy and EnvoyExtensionPolicy,
 * leave HTTP routes unclaimed (eg-semantics R6.5). A table per kind (data), each check one
 * feature; only checks whose exact message is pinned by Envoy Gateway's test data are listed.
 *
 * @packageDocumentation
 */
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy, PolicyKind } from '../model/types.js';

/** What a check can see. */
export interface FeatureCheckContext {
  readonly topology: Topology;
  /**
   * The namespace references of a field resolve against (R7.7 field owners): the route policy's
   * when it sets the field, else the parent's; the policy's own when not merged.
   */
  readonly ownerNamespace: (field: string) => string;
}

/** One feature check: its feature prefix and the error it finds, or null. */
export interface FeatureCheck {
  /** Prefix Envoy Gateway puts before the error (`perr.WithMessage`). */
  readonly feature: string;
  readonly check: (spec: Readonly<Record<string, unknown>>, ctx: FeatureCheckContext) => string | null;
}

const RESPONSE_BODY_KEY = 'response.body';

/** `getCustomResponseBody`: a ValueRef body needs its ConfigMap, with data. */
const responseOverride: FeatureCheck = {
  feature: 'ResponseOverride',
  check: (spec, ctx) => {
    const list = spec.responseOverride;
    if (!Array.isArray(list)) return null;
    const ns = ctx.ownerNamespace('responseOverride');
    for (const ro of list) {
      if (!isRecord(ro) || isRecord(ro.redirect)) continue;
      const body = isRecord(ro.response) ? ro.response.body : undefined;
      if (!isRecord(body) || body.type !== 'ValueRef') continue;
      const name = isRecord(body.valueRef) ? String(body.valueRef.name ?? '') : '';
      const cm = ctx.topology.byKey.get(`ConfigMap/${ns}/${name}`) as Resource | undefined;
      if (!cm) return `can't find the referenced configmap ${ns}/${name}`;
      const data = cm.object.data;
      const binary = cm.object.binaryData;
      const hasData = isRecord(data) && (RESPONSE_BODY_KEY in data || Object.keys(data).length > 0);
      const hasBinary = isRecord(binary) && Object.keys(binary).length > 0;
      if (!hasData && !hasBinary)
        return `can't find the key ${RESPONSE_BODY_KEY} in the referenced configmap ${ns}/${name}`;
    }
    return null;
  },
};

/** The checks per kind, in the order Envoy Gateway builds the features. */
export const FEATURE_CHECKS: Readonly<Record<PolicyKind, readonly FeatureCheck[]>> = {
  BackendTrafficPolicy: [responseOverride],
  SecurityPolicy: [],
  EnvoyExtensionPolicy: [],
  ClientTrafficPolicy: [],
};

/**
 * Runs a kind's feature checks on a policy (or a merged policy) and joins the errors as Envoy
 * Gateway does (`errors.Join`, one per line, each `<Feature>: <error>`).
 *
 * @param kind - the policy kind
 * @param policy - the policy object whose features are built
 * @param ctx - lookups and field owners
 * @returns the joined error text, or null when every check passes
 * @example
 * featureErrors('BackendTrafficPolicy', policy, ctx);
 * // => "ResponseOverride: can't find the referenced configmap default/missing"
 */
export function featureErrors(kind: PolicyKind, policy: Policy, ctx: FeatureCheckContext): string | null {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  const errors: string[] = [];
  for (const c of FEATURE_CHECKS[kind]) {
    const e = c.check(spec, ctx);
    if (e !== null) errors.push(`${c.feature}: ${e}`);
  }
  return errors.length === 0 ? null : errors.join('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
