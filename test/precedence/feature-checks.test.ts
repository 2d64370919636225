import { mergeHook } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import type { Policy } from '../../src/model/types.js';
import { featureErrorsDependOnGateway, hasPerGatewayChecks } from '../../src/precedence/feature-checks.js';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  namespaceObj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { run, statusLines } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy' as const;

function configMap(namespace: string, name: string, data: Record<string, string>): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data };
}

function withBody(cm: string): Record<string, unknown> {
  return {
    responseOverride: [
      {
        match: { statusCodes: [{ type: 'Value', value: 500 }] },
        response: {
          contentType: 'text/plain',
          body: { type: 'ValueRef', valueRef: { group: '', kind: 'ConfigMap', name: cm } },
        },
      },
    ],
  };
}

function base(): unknown[] {
  return [
    gatewayClassObj('eg'),
    namespaceObj('infra'),
    namespaceObj('app'),
    gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)]),
    httpRouteObj('app', 'web', [parentRefObj('gw', { namespace: 'infra', sectionName: 'http' })]),
  ];
}

describe('feature checks (R6.5): ResponseOverride ConfigMap references', () => {
  test('a missing ConfigMap makes the policy Invalid and leaves the route to the Gateway policy', () => {
    const { resolution, status } = run(
      [
        ...base(),
        policyObj(BTP, 'infra', 'gw-policy', {
          targetRefs: [ref('Gateway', 'gw')],
          timeout: { http: { requestTimeout: '5s' } },
        }),
        policyObj(BTP, 'app', 'route-policy', {
          targetRefs: [ref('HTTPRoute', 'web')],
          ...withBody('missing'),
        }),
      ],
      { order: 'input' },
    );
    expect(statusLines(status, BTP, 'app/route-policy')).toEqual([
      "Gateway infra/gw/http: Accepted/False/Invalid: ResponseOverride: can't find the referenced configmap app/missing.",
    ]);
    // R6.5: the failed route policy does not claim; the Gateway policy fills the route.
    const pt = resolution.points.find((p) => p.route === 'HTTPRoute/app/web');
    expect(pt?.policies.BackendTrafficPolicy?.applied).toEqual(['BackendTrafficPolicy/infra/gw-policy']);
  });

  test('an existing ConfigMap with data passes, one without data gives the key error', () => {
    const ok = run(
      [
        ...base(),
        configMap('app', 'page', { 'response.body': 'oops' }),
        policyObj(BTP, 'app', 'p', { targetRefs: [ref('HTTPRoute', 'web')], ...withBody('page') }),
      ],
      { order: 'input' },
    );
    expect(statusLines(ok.status, BTP, 'app/p')?.[0]).toContain('Accepted/True/Accepted');
    const empty = run(
      [
        ...base(),
        configMap('app', 'page', {}),
        policyObj(BTP, 'app', 'p', { targetRefs: [ref('HTTPRoute', 'web')], ...withBody('page') }),
      ],
      { order: 'input' },
    );
    expect(statusLines(empty.status, BTP, 'app/p')).toEqual([
      "Gateway infra/gw/http: Accepted/False/Invalid: ResponseOverride: can't find the key response.body in the referenced configmap app/page.",
    ]);
  });

  test('a merged policy resolves the ConfigMap in the namespace of the policy that owns responseOverride (R7.7)', () => {
    const objects = [
      ...base(),
      configMap('infra', 'page', { 'response.body': 'platform page' }),
      policyObj(BTP, 'infra', 'gw-policy', { targetRefs: [ref('Gateway', 'gw')], ...withBody('page') }),
      policyObj(BTP, 'app', 'route-policy', {
        targetRefs: [ref('HTTPRoute', 'web')],
        mergeType: 'StrategicMerge',
        timeout: { http: { requestTimeout: '9s' } },
      }),
    ];
    const { status } = run(objects, { order: 'input' });
    // The parent owns responseOverride, so infra/page is found: Merged, not Invalid.
    expect(statusLines(status, BTP, 'app/route-policy')?.[0]).toContain(
      'Merged/True/Merged: Merged with policy infra/gw-policy',
    );
  });
});

describe('SecurityPolicy validation (R7.9)', () => {
  const SP = 'SecurityPolicy' as const;
  const oidcBase = {
    provider: { issuer: 'https://idp.example' },
    clientID: 'app',
    clientSecret: { name: 's' },
    redirectURL: 'https://app.example/oauth2/callback',
  };

  test('a route SecurityPolicy that breaks validateSecurityPolicy is Invalid and claims nothing', () => {
    const { status, resolution } = run(
      [
        ...base(),
        policyObj(SP, 'app', 'bad', {
          targetRefs: [ref('HTTPRoute', 'web')],
          oidc: { ...oidcBase, passThroughAuthHeader: true },
        }),
      ],
      { order: 'input' },
    );
    expect(statusLines(status, SP, 'app/bad')).toEqual([
      'Gateway infra/gw/http: Accepted/False/Invalid: Invalid SecurityPolicy: the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings.',
    ]);
    expect(
      resolution.points.find((p) => p.route === 'HTTPRoute/app/web')?.policies.SecurityPolicy,
    ).toBeUndefined();
  });

  test('a merge that produces an invalid SecurityPolicy is Invalid on that listener, not Merged', () => {
    const objects = [
      ...base(),
      policyObj(SP, 'infra', 'gw-sp', {
        targetRefs: [ref('Gateway', 'gw')],
        oidc: { ...oidcBase, forwardIDToken: { header: 'Authorization' } },
      }),
      policyObj(SP, 'app', 'route-sp', {
        targetRefs: [ref('HTTPRoute', 'web')],
        mergeType: 'StrategicMerge',
        oidc: { ...oidcBase, passThroughAuthHeader: true },
        jwt: { providers: [{ name: 'p', remoteJWKS: { uri: 'https://idp.example/jwks' } }] },
      }),
    ];
    // The real merge (R7.5): oidc objects merge key by key, so the parent's forwardIDToken stays.
    const lines = statusLines(run(objects, { order: 'input', merge: mergeHook }).status, SP, 'app/route-sp')!;
    expect(lines[0]).toContain(
      'Gateway infra/gw/http: Accepted/False/Invalid: The OIDC.ForwardIDToken header "Authorization" cannot be the Authorization header',
    );
    expect(lines.join('\n')).not.toContain('Merged');
  });
});

describe('which feature errors depend on the Gateway they are built for', () => {
  const policy = (kind: string, spec: Record<string, unknown>) =>
    ({ kind, metadata: { namespace: 'app', name: 'p' }, spec }) as unknown as Policy;

  test('only SecurityPolicy and EnvoyExtensionPolicy build features per parentRef Gateway', () => {
    expect(hasPerGatewayChecks('BackendTrafficPolicy')).toBe(false);
    expect(hasPerGatewayChecks('ClientTrafficPolicy')).toBe(false);
    expect(hasPerGatewayChecks('SecurityPolicy')).toBe(true);
    expect(hasPerGatewayChecks('EnvoyExtensionPolicy')).toBe(true);
  });

  test('an EnvoyExtensionPolicy with dynamic modules depends on the Gateway (its EnvoyProxy); others do not', () => {
    const withModules = policy('EnvoyExtensionPolicy', { dynamicModule: [{ name: 'm' }] });
    expect(featureErrorsDependOnGateway('EnvoyExtensionPolicy', withModules)).toBe(true);
    // Go decodes field names case-insensitively: so does the check.
    const folded = policy('EnvoyExtensionPolicy', { DynamicModule: [{ name: 'm' }] });
    expect(featureErrorsDependOnGateway('EnvoyExtensionPolicy', folded)).toBe(true);
    expect(
      featureErrorsDependOnGateway(
        'EnvoyExtensionPolicy',
        policy('EnvoyExtensionPolicy', { dynamicModule: [] }),
      ),
    ).toBe(false);
    expect(
      featureErrorsDependOnGateway('EnvoyExtensionPolicy', policy('EnvoyExtensionPolicy', { lua: [] })),
    ).toBe(false);
    expect(
      featureErrorsDependOnGateway('SecurityPolicy', policy('SecurityPolicy', { jwt: { providers: [] } })),
    ).toBe(false);
  });
});
