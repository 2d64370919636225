/**
 * Feature checks that depend on where a policy is translated, in the engine: SecurityPolicy GeoIP
 * authorization (per HTTP listener, with the client IP detection the ClientTrafficPolicy
 * translated for that listener wrote, and the Gateway's EnvoyProxy), and the features a route
 * target builds once per processed parentRef's Gateway.
 */
import { describe, expect, test } from 'vitest';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { ancestorsOf, brief, run } from './_pipeline.js';

const SP = 'SecurityPolicy';
const NO_DETECTION =
  'Authorization: authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured';
const NO_PROVIDER =
  'Authorization: authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured';

const geoSpec = (targetRefs: Obj[]): Obj => ({
  targetRefs,
  authorization: {
    defaultAction: 'Deny',
    rules: [{ action: 'Allow', principal: { clientIPGeoLocations: [{ country: 'US' }] } }],
  },
});

const proxy: Obj = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'EnvoyProxy',
  metadata: { namespace: 'infra', name: 'proxy' },
  spec: { geoIP: { provider: { type: 'MaxMind', maxMind: { cityDbSource: { local: { path: '/db' } } } } } },
};

/** A Gateway with two HTTP listeners, running with the EnvoyProxy above when `withProxy`. */
function world(withProxy: boolean): Obj[] {
  const gw = gatewayObj('infra', 'gw', [listenerObj('a', 'HTTP', 80), listenerObj('b', 'HTTP', 8080)]);
  if (withProxy) {
    (gw.spec as Obj).infrastructure = {
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'proxy' },
    };
  }
  return [
    gatewayClassObj(),
    gw,
    ...(withProxy ? [proxy] : []),
    httpRouteObj('infra', 'web', [parentRefObj('gw', { sectionName: 'a' })]),
  ];
}

const detection = (section: string): Obj =>
  policyObj('ClientTrafficPolicy', 'infra', `ctp-${section}`, {
    targetRefs: [ref('Gateway', 'gw', section)],
    clientIPDetection: { xForwardedFor: { numTrustedHops: 1 } },
  });

function acceptedOf(objects: Obj[], id: string): string[] {
  const ancestors = ancestorsOf(run(objects).status, SP, id) ?? [];
  return ancestors.flatMap((a) => a.conditions.filter((c) => c.type === 'Accepted').map(brief));
}

describe('GeoIP authorization (SecurityPolicy)', () => {
  test('on a Gateway: each HTTP listener without client IP detection adds one Authorization error', () => {
    const sp = policyObj(SP, 'infra', 'geo', geoSpec([ref('Gateway', 'gw')]));
    expect(acceptedOf([...world(true), sp], 'infra/geo')).toEqual([
      `Accepted/False/Invalid: ${NO_DETECTION}\n${NO_DETECTION}.`,
    ]);
    // Listener a gets detection from a ClientTrafficPolicy: only b fails.
    expect(acceptedOf([...world(true), detection('a'), sp], 'infra/geo')).toEqual([
      `Accepted/False/Invalid: ${NO_DETECTION}.`,
    ]);
    // Both listeners have detection: valid.
    expect(acceptedOf([...world(true), detection('a'), detection('b'), sp], 'infra/geo')).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('the provider comes from the Gateway’s EnvoyProxy', () => {
    const sp = policyObj(SP, 'infra', 'geo', geoSpec([ref('Gateway', 'gw', 'a')]));
    expect(acceptedOf([...world(false), detection('a'), sp], 'infra/geo')).toEqual([
      `Accepted/False/Invalid: ${NO_PROVIDER}.`,
    ]);
  });

  test('on a route: only the listeners the route is attached to through its parentRefs are checked', () => {
    const sp = policyObj(SP, 'infra', 'geo', geoSpec([ref('HTTPRoute', 'web')]));
    // The route is attached to listener a only; b has no detection, and does not matter.
    expect(acceptedOf([...world(true), detection('a'), sp], 'infra/geo')).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
    expect(acceptedOf([...world(true), detection('b'), sp], 'infra/geo')).toEqual([
      `Accepted/False/Invalid: ${NO_DETECTION}.`,
    ]);
  });

  test('a policy without clientIPGeoLocations is not checked', () => {
    const sp = policyObj(SP, 'infra', 'plain', {
      targetRefs: [ref('Gateway', 'gw')],
      authorization: {
        defaultAction: 'Deny',
        rules: [{ action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } }],
      },
    });
    expect(acceptedOf([...world(false), sp], 'infra/plain')).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });
});

describe('features built per parentRef Gateway (route targets)', () => {
  test('a route under two Gateways reports an ExtAuth error once per Gateway, after the features built once', () => {
    const gw2 = gatewayObj('infra', 'gw2', [listenerObj('a', 'HTTP', 80)]);
    const route = httpRouteObj('infra', 'multi', [
      parentRefObj('gw', { sectionName: 'a' }),
      parentRefObj('gw2'),
    ]);
    const sp = policyObj(SP, 'infra', 'auth', {
      targetRefs: [ref('HTTPRoute', 'multi')],
      basicAuth: { users: { name: 'missing-users' } },
      extAuth: { http: { backendRefs: [{ name: 'missing-auth', port: 80 }] } },
    });
    const [message] = acceptedOf([...world(false), gw2, route, sp], 'infra/auth');
    const features = (message ?? '')
      .replace('Accepted/False/Invalid: ', '')
      .split('\n')
      .map((l) => l.slice(0, l.indexOf(':')));
    expect(features).toEqual(['BasicAuth', 'ExtAuth', 'ExtAuth']);
  });
});
