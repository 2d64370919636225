/**
 * `deriveProfile`: a shipped profile with overrides (deepmerge-ts): records merge at any depth,
 * arrays and `by` variants are replaced whole, the base is untouched, a misspelt field is refused,
 * and the CRD set follows `crdSet`.
 */
import {
  type CrdSet,
  deriveProfile,
  ENVOY_GATEWAY_V1_5,
  ENVOY_GATEWAY_V1_9,
  GatewayPolicySimError,
  policyStatus,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

describe('deriveProfile', () => {
  test('v1.5 is v1.9 with its four differences, and no CRD set', () => {
    const { crdSet: _s, crds: _c, ...v19 } = ENVOY_GATEWAY_V1_9;
    expect(ENVOY_GATEWAY_V1_5).toEqual({
      ...v19,
      name: 'envoy-gateway-v1.5',
      tieBreak: 'namespaced-name-string',
      listenerSets: false,
      scopeGraphMessages: false,
      kinds: {
        ...v19.kinds,
        SecurityPolicy: { ...v19.kinds.SecurityPolicy, mergeType: false },
        EnvoyExtensionPolicy: { ...v19.kinds.EnvoyExtensionPolicy, mergeType: false },
      },
    });
  });

  test('v1.5 is what deriveProfile makes of v1.9 without its CRD set and with those differences', () => {
    const { crdSet: _s, crds: _c, ...v19 } = ENVOY_GATEWAY_V1_9;
    const derived = deriveProfile(v19, {
      name: 'envoy-gateway-v1.5',
      tieBreak: 'namespaced-name-string',
      listenerSets: false,
      scopeGraphMessages: false,
      kinds: { SecurityPolicy: { mergeType: false }, EnvoyExtensionPolicy: { mergeType: false } },
    });

    expect(derived).toEqual(ENVOY_GATEWAY_V1_5);
  });

  test('a nested field changes and its siblings stay; an array is replaced, not concatenated', () => {
    const p = deriveProfile('envoy-gateway-v1.9', {
      name: 'patched',
      kinds: { BackendTrafficPolicy: { gatewaySteps: ['accepted'], mergeType: false } },
    });

    expect(p.kinds.BackendTrafficPolicy.gatewaySteps).toEqual(['accepted']);
    expect(p.kinds.BackendTrafficPolicy.mergeType).toBe(false);
    expect(p.kinds.BackendTrafficPolicy.plural).toBe('backendTrafficPolicies');
    expect(p.kinds.SecurityPolicy).toEqual(ENVOY_GATEWAY_V1_9.kinds.SecurityPolicy);
    expect(ENVOY_GATEWAY_V1_9.kinds.BackendTrafficPolicy.gatewaySteps).not.toEqual(['accepted']);
  });

  test('a variant with a `by` discriminant replaces the other whole', () => {
    const p = deriveProfile(ENVOY_GATEWAY_V1_9, {
      name: 'x',
      kinds: { BackendTrafficPolicy: { nonHttpClaims: { by: 'none' } } },
    });

    expect(p.kinds.BackendTrafficPolicy.nonHttpClaims).toEqual({ by: 'none' });
  });

  test('a misspelt or unknown field is refused with GWP-API-BAD-OPTION, as is an unknown base', () => {
    const bad = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof GatewayPolicySimError ? e.code : 'other';
      }
      return undefined;
    };

    expect(bad(() => deriveProfile(ENVOY_GATEWAY_V1_9, { name: 'x', maxAncestor: 3 } as never))).toBe(
      'GWP-API-BAD-OPTION',
    );
    expect(
      bad(() =>
        deriveProfile(ENVOY_GATEWAY_V1_9, { name: 'x', kinds: { Foo: { mergeType: true } } } as never),
      ),
    ).toBe('GWP-API-BAD-OPTION');
    expect(bad(() => deriveProfile('envoy-gateway-v0.1', { name: 'x' }))).toBe('GWP-API-BAD-OPTION');
  });

  test('the CRD set is kept while crdSet stays, dropped when it changes, and taken when given', () => {
    const crds = { name: 'mine' } as CrdSet;
    const withCrds = { ...ENVOY_GATEWAY_V1_9, crds };

    expect(deriveProfile(withCrds, { name: 'a' }).crds).toBe(crds);
    expect(deriveProfile(withCrds, { name: 'b', crdSet: 'other' }).crds).toBeUndefined();
    expect(deriveProfile(ENVOY_GATEWAY_V1_9, { name: 'c', crds }).crds).toBe(crds);
  });

  test('the derived profile drives the simulation: more ancestors written with a higher maxAncestors', () => {
    const gateways = Array.from(
      { length: 20 },
      (_, i) =>
        `---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g${i}, namespace: default}\nspec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}`,
    ).join('\n');
    const policy =
      '---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  targetSelectors: [{group: gateway.networking.k8s.io, kind: Gateway, matchLabels: {}}]\n  timeout: {http: {requestTimeout: 1s}}';
    const gatewayClass =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}';
    const text = `${gatewayClass}\n${gateways}\n${policy}`;
    const ancestors = (profile: typeof ENVOY_GATEWAY_V1_9): number =>
      policyStatus(simulate(text, { profile }).resolution).BackendTrafficPolicy?.[0]?.status.ancestors
        ?.length ?? 0;

    expect(ancestors(ENVOY_GATEWAY_V1_9)).toBe(ENVOY_GATEWAY_V1_9.maxAncestors);
    expect(ancestors(deriveProfile(ENVOY_GATEWAY_V1_9, { name: 'more', maxAncestors: 32 }))).toBe(20);
  });
});
