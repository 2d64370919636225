/**
 * Feature translation checks: the errors Envoy Gateway's translator raises while building a
 * policy's features (e.g. `ResponseOverride: can't find the referenced configmap ns/name.`). They
 * become `Accepted=False, reason Invalid` and, for BackendTrafficPolicy and EnvoyExtensionPolicy,
 * leave HTTP routes unclaimed (R6.5). A table per kind (data), each check one
 * feature, following Envoy Gateway's builders and their exact texts; what is and is not checked
 * is listed in docs/feature-checks.md.
 *
 * @packageDocumentation
 */
import type { Policy, PolicyKind } from '../model/types.js';
import { BACKEND_TRAFFIC_CHECKS } from './_internal/features/backend-traffic.js';
import { CLIENT_TRAFFIC_CHECKS } from './_internal/features/client-traffic.js';
import { EXTENSION_CHECKS } from './_internal/features/extension.js';
import type { FeatureCheck, FeatureCheckContext } from './_internal/features/feature-check.js';
import { SECURITY_CHECKS, securityPolicySpecError } from './_internal/features/security.js';

export type { FeatureCheck, FeatureCheckContext } from './_internal/features/feature-check.js';

/** The checks per kind, in the order Envoy Gateway builds the features. */
export const FEATURE_CHECKS: Readonly<Record<PolicyKind, readonly FeatureCheck[]>> = {
  BackendTrafficPolicy: BACKEND_TRAFFIC_CHECKS,
  SecurityPolicy: SECURITY_CHECKS,
  EnvoyExtensionPolicy: EXTENSION_CHECKS,
  ClientTrafficPolicy: CLIENT_TRAFFIC_CHECKS,
};

/**
 * The feature order of the Gateway / ListenerSet translation where it differs from the route one
 * (`translateSecurityPolicyForListeners`: JWT, OIDC, BasicAuth, APIKeyAuth, then ExtAuth;
 * `translateEnvoyExtensionPolicyForGateway`: ExtProc, Wasm, Lua, DynamicModule).
 */
const GATEWAY_ORDER: Readonly<Partial<Record<PolicyKind, readonly string[]>>> = {
  SecurityPolicy: ['JWT', 'OIDC', 'BasicAuth', 'APIKeyAuth', 'ExtAuth'],
  EnvoyExtensionPolicy: ['ExtProc', 'Wasm', 'Lua', 'DynamicModule'],
};

const GATEWAY_CHECKS: Readonly<Record<PolicyKind, readonly FeatureCheck[]>> = Object.fromEntries(
  Object.entries(FEATURE_CHECKS).map(([kind, checks]) => {
    const order = GATEWAY_ORDER[kind as PolicyKind];
    const rank = (c: FeatureCheck): number => (order ? order.indexOf(c.feature) : 0);
    return [kind, order ? [...checks].sort((a, b) => rank(a) - rank(b)) : checks];
  }),
) as Record<PolicyKind, readonly FeatureCheck[]>;

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
  const checks = ctx.target === 'gateway' ? GATEWAY_CHECKS[kind] : FEATURE_CHECKS[kind];
  for (const c of checks) {
    if (ctx.scope === 'policy' && c.perGateway) continue;
    if (ctx.scope === 'gateway' && !c.perGateway) continue;
    const e = c.check(spec, ctx);
    if (e !== null) errors.push(`${c.feature}: ${e}`);
  }
  return errors.length === 0 ? null : errors.join('\n');
}

/**
 * Whether a kind builds some features once per processed parentRef's Gateway (`perGateway`).
 *
 * @param kind - the policy kind
 * @returns true for SecurityPolicy and EnvoyExtensionPolicy
 * @example
 * hasPerGatewayChecks('BackendTrafficPolicy'); // => false
 */
export function hasPerGatewayChecks(kind: PolicyKind): boolean {
  return FEATURE_CHECKS[kind].some((c) => c.perGateway === true);
}

/**
 * Whether the feature errors of a policy can differ from one Gateway they are built for to
 * another (a check reads the Gateway, e.g. DynamicModule its EnvoyProxy): when not, one answer
 * serves every Gateway (Envoy Gateway still reports it once per Gateway).
 *
 * @param kind - the policy kind
 * @param policy - the policy object
 * @returns whether the answer depends on the Gateway
 * @example
 * featureErrorsDependOnGateway('SecurityPolicy', policy); // => false
 */
export function featureErrorsDependOnGateway(kind: PolicyKind, policy: Policy): boolean {
  const spec = (policy.spec ?? {}) as Record<string, unknown>;
  return FEATURE_CHECKS[kind].some((c) => c.readsGateway?.(spec) === true);
}

/**
 * The spec validation a kind makes before translating a policy for a route, and again on a merged
 * policy (R6.4, R7.9): SecurityPolicy's `validateSecurityPolicy` and `validateSecurityPolicyForTCP`;
 * the other kinds validate nothing there.
 */
const SPEC_VALIDATORS: Readonly<
  Partial<Record<PolicyKind, (policy: Policy, tcp: boolean) => string | null>>
> = {
  SecurityPolicy: securityPolicySpecError,
};

/**
 * The spec validation error of a policy about to be translated for a route (R6.4, R7.9).
 *
 * @param kind - the policy kind
 * @param policy - the policy (or merged policy)
 * @param tcp - whether the route is a TCPRoute
 * @returns the error, or null (always null for a kind that validates nothing)
 * @example
 * specValidationError('SecurityPolicy', policy, true); // => 'only authorization is supported for TCP (routes/listeners)'
 */
export function specValidationError(kind: PolicyKind, policy: Policy, tcp: boolean): string | null {
  const validate = SPEC_VALIDATORS[kind];
  return validate === undefined ? null : validate(policy, tcp);
}

/**
 * Whether a kind validates a policy's spec before translating it for a route.
 *
 * @param kind - the policy kind
 * @returns true for SecurityPolicy
 * @example
 * validatesSpec('BackendTrafficPolicy'); // => false
 */
export function validatesSpec(kind: PolicyKind): boolean {
  return SPEC_VALIDATORS[kind] !== undefined;
}
